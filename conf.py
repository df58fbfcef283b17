"""Sphinx configuration of the knowledge base « Témoignages de la transformation digitale »."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT))

from kb.core.config import PDF_BASENAME, PDF_FILENAME  # noqa: E402  (the extension lives beside this file)

project = "Témoignages de la transformation digitale"
author = "L’équipe de la base de connaissances"
copyright = "2026, L’équipe de la base de connaissances"
language = "fr"
# French for what Sphinx's catalog and the theme leave in English (absolute:
# Sphinx looks for the browser's translations from the current folder).
locale_dirs = [str(ROOT / "locale")]
root_doc = "index"

extensions = ["kb"]  # pulls in myst_parser and sphinx_design

# Only the pages of the knowledge base are pages: not the README, the tests,
# the virtual environment or the build output.
include_patterns = ["index.md", "glossaire.md", "contribuer.md", "carte.md", "auteurs.md",
                    "temoignages/**", "manifeste/**"]
exclude_patterns = ["_build", ".venv", "tests", "README.md"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# The authors' typography, as they wrote it: straight quotes, « -- » and
# « ... » are not turned into other characters (the pages are written with
# the typographic characters French needs, and imported texts keep theirs).
smartquotes = False
myst_heading_anchors = 3
suppress_warnings: list[str] = []

# --- the knowledge base -----------------------------------------------------
kb_testimonials_dir = "temoignages"
kb_themes = [
    "culture d’entreprise",
    "disruption",
    "écosystème",
    "expérience client",
    "relation client",
    "réseaux sociaux",
    "révolution digitale",
]
kb_pdf_url = f"edition/{PDF_FILENAME}"

# --- HTML -------------------------------------------------------------------
html_theme = "kb-furo"  # Furo in French (_themes/kb-furo)
html_theme_path = [str(ROOT / "_themes")]
html_title = "Témoignages de la transformation digitale"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
# Sphinx opens this path from the current folder: made absolute, so that
# `sphinx-build SOURCE OUT` works from any folder.
html_search_scorer = str(ROOT / "_static" / "kb-scorer.js")
html_css_files = ["kb.css"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/editions.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ],
    # « Page introuvable »: the brand, the search box and the PDF, no tree
    # (its links are made absolute by sphinx-notfound-page, see below).
    "404": ["sidebar/brand.html", "sidebar/search.html", "sidebar/editions.html"],
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# The glossary and the catalog are the ways in; a general index of 1,000
# testimonials would be rewritten on every build and read by nobody.
html_use_index = False
html_theme_options: dict = {"top_of_page_buttons": []}

# --- « Page introuvable » (404.html) ---------------------------------------
# A web server answers every unknown address with this page, at any depth, so
# its links are absolute: from the path of KB_BASE_URL, or the host's root.
extensions += ["notfound.extension"]
notfound_urls_prefix = urlparse(os.environ.get("KB_BASE_URL", "")).path.rstrip("/") + "/"
notfound_context = {
    "title": "Page introuvable",
    "body": f"""<h1>Page introuvable</h1>
<p>La page demandée n’existe pas, ou elle a changé d’adresse.</p>
<form class="kb-introuvable-recherche" method="get" action="{notfound_urls_prefix}search.html" role="search">
  <label for="kb-introuvable-q">Chercher dans la base de connaissances :</label>
  <input id="kb-introuvable-q" type="search" name="q">
  <button type="submit">Rechercher</button>
</form>
<p><a href="{notfound_urls_prefix}index.html">Retour à l’accueil</a></p>
""",
}

# --- intranet options, all off unless set in the environment -----------------
# « Modifier cette page »: the web address of the repository's edit view, e.g.
# KB_EDIT_URL=https://forge.intranet/kb/-/edit/main/ (the file name is appended).
if os.environ.get("KB_EDIT_URL"):
    html_theme_options.update(
        source_edit_link=os.environ["KB_EDIT_URL"].rstrip("/") + "/{filename}",
        top_of_page_buttons=["edit"],
    )
# OpenGraph metadata and a sitemap need the site's public address.
html_baseurl = os.environ.get("KB_BASE_URL", "")
if html_baseurl:
    extensions += ["sphinxext.opengraph", "sphinx_sitemap"]
    ogp_site_url = html_baseurl
    ogp_site_name = project
    sitemap_url_scheme = "{link}"

# --- EPUB 3 ----------------------------------------------------------------
# The e-book keeps Sphinx's e-book theme: no JavaScript, no search; the
# extension leaves out the web's facet pages, redirects and feed
# (kb.core.editions), and writes the .epub again with fixed dates so two
# builds give the same bytes (kb/write/epub.py).
version = release = "1"  # the edition's date (SOURCE_DATE_EPOCH) is its real version
epub_basename = PDF_BASENAME
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_description = ("Des témoignages sur la transformation digitale, reliés aux 95 thèses du Manifeste "
                    "des évidences (Cluetrain Manifesto, 1999) et à un glossaire.")
epub_scheme = "UUID"
epub_identifier = "urn:uuid:6f1d3c5e-7a8b-5c2d-9e4f-0a1b2c3d4e5f"  # this book, whatever its edition
epub_uid = "identifiant"
epub_theme = "kb-epub"  # _themes/kb-epub: Sphinx's e-book theme, its cover in French
epub_cover = ("_static/couverture.svg", "epub-cover.html")
epub_show_urls = "no"  # links stay links; addresses in the text would be noise
epub_tocdepth = 2
epub_tocscope = "includehidden"  # the home page's toctree is hidden (the site shows cards instead)

# --- PDF (LaTeX, XeLaTeX) ---------------------------------------------------
latex_engine = "xelatex"
latex_documents = [
    ("index", f"{PDF_BASENAME}.tex", project, author, "manual"),
]
# No « (page N) » after every reference: inside the authors' sentences it is
# noise, and the book is typeset in one XeLaTeX pass, where a reference
# forwards has no page number yet. Lists of testimonials (« Cité dans », the
# authors, the citation map) give the page of what they follow (\kbpageref).
latex_show_pagerefs = False
latex_show_urls = "no"  # links stay clickable; 95 identical footnotes would be noise
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # babel rather than polyglossia: French spacing before « : ; ! ? », guillemets, hyphenation.
    "polyglossia": "",
    "babel": r"\usepackage[french]{babel}",
    "fontpkg": r"""
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic,
  BoldFont=*Bold, BoldItalicFont=*BoldItalic, Ligatures=TeX]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique, Ligatures=TeX]
\setmonofont{FreeMono}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
""",
    "preamble": r"""
% Emoji and symbols that FreeSerif lacks come from Symbola (fonts-symbola);
% the LaTeX writer wraps them in {\kbsymbols …} (kb/write/latexfonts.py).
\newfontfamily\kbsymbols{Symbola}
\addto\captionsfrench{\renewcommand{\contentsname}{Table des matières}}
\frenchsetup{ItemLabels=\textendash}
\setlength{\headheight}{14pt}
\makeatletter
% The table of contents comes last, as in French books, and the summary at
% the front lists the chapters as links: both, the links and the page
% numbers come from one XeLaTeX pass (\kbsommaire, \kbtabledesmatieres and
% \kbpageref are defined in kb/write/kbunepasse.sty; without kb, as in the
% benchmark's plain Sphinx, Sphinx's own contents at the front).
\providecommand\kbsommaire{\sphinxtableofcontents}
\providecommand\kbtabledesmatieres{}
% Sphinx's page style, but a long section title in the footer wraps in its
% own column instead of running into the page number. The footer sets French
% spacing itself: babel's wrapping of every mark in \foreignlanguage, which
% did that, is undone below (switching language twice a page cost 8 % of
% XeLaTeX's time; the book is in French throughout; the pages are the same
% to the pixel).
\newcommand{\kbfootmark}[2]{\parbox[t]{\dimexpr\textwidth-4em\relax}{\frenchspacing#1\strut#2}}
\AtBeginDocument{%
  \@ifundefined{org@markright}{}{\expandafter\let\csname markright \endcsname\org@markright}%
  \@ifundefined{org@markboth}{}{\expandafter\let\csname markboth \endcsname\org@markboth}}
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyfoot[RO]{{\py@HeaderFamily\thepage}}%
  \fancyfoot[LO]{{\py@HeaderFamily\kbfootmark{\raggedright}{\nouppercase{\rightmark}}}}%
  \fancyhead[RO]{{\py@HeaderFamily \@title\sphinxheadercomma\py@release}}%
  \if@twoside
    \fancyfoot[LE]{{\py@HeaderFamily\thepage}}%
    \fancyfoot[RE]{{\py@HeaderFamily\kbfootmark{\raggedleft}{\nouppercase{\leftmark}}}}%
    \fancyhead[LE]{{\py@HeaderFamily \@title\sphinxheadercomma\py@release}}%
  \fi
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0.4pt}}
\makeatother
""",
    "tableofcontents": r"\kbsommaire",
    "atendofbody": r"\kbtabledesmatieres",
    "figure_align": "H",
    "maxlistdepth": "10",  # authors nest lists deeper than LaTeX's default 6
    # No general index in the book: the glossary and the theses are the index.
    "makeindex": "",
    "printindex": "",
}
latex_use_xindy = False
latex_domain_indices = False
