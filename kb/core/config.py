"""Every ``kb_*`` configuration value, declared once and registered in a loop
(as sphinx-design does), with the names the other editions derive from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The PDF's file name: LaTeX's output (conf.py's latex_documents), its
# address in the site and its name in a release all derive from it.
PDF_BASENAME = "temoignages-transformation-digitale"
PDF_FILENAME = f"{PDF_BASENAME}.pdf"
EPUB_FILENAME = f"{PDF_BASENAME}.epub"
FACETS_FOLDER = "facettes"  # under kb_testimonials_dir
CATALOG_FOLDER = "catalogue"  # the catalog's pages 2, 3…, under kb_testimonials_dir
EDITIONS_MANIFEST = ".kb-editions.json"  # where the HTML build says the PDF and EPUB go (read at publication)
EXPORT_PATH = "donnees/graphe-citations.json"  # the citation graph, in the HTML site
# Before each block of the LaTeX output, the page and line it comes from (kb/write/latexfonts.py),
# read back to name the page of a LaTeX error (kbtools/build/latex.py).
LATEX_SOURCE_MARKER = "%% kb-source: "
FEED_PATH = "flux.xml"  # the Atom feed of new testimonials, in the HTML site


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    rebuild: str  # "env": pages are read again; "html": rewritten only
    types: tuple[type, ...]
    doc: str


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue("kb_testimonials_dir", "temoignages", "env", (str,),
                "The folder of the testimonials; every page under it but its index is one."),
    ConfigValue("kb_themes", [], "env", (list, tuple), "The controlled list of themes."),
    ConfigValue("kb_theses_original_url", "https://www.cluetrain.com/#manifesto", "env", (str,),
                "Where each thesis links to the original (English) text."),
    ConfigValue("kb_citedin_limit", 5, "html", (int,),
                "How many citations a thesis or glossary entry lists on the web before "
                "linking to its facet page (the PDF lists them all). The theses page holds "
                "95 lists: at 5 each it weighs about 260 KiB, at 20 it weighed 850 KiB."),
    ConfigValue("kb_catalog_page_size", 50, "html", (int,),
                "How many cards a page of the web catalog shows (0: all on one page)."),
    ConfigValue("kb_index_page_size", 100, "html", (int,),
                "How many names each list of the authors index (authors, organisations) "
                "shows per page on the web, and how many testimonials « Qui cite quoi » "
                "shows on the citation map; the others are on pages 2… generated beside "
                "them (0: all on one page; the PDF and EPUB list them all). On one page, at "
                "1,000 testimonials, the index weighed 504 KB and the map 436 KB."),
    ConfigValue("kb_index_testimonials_limit", 5, "html", (int,),
                "How many testimonials (the newest) an organisation of the web authors index "
                "lists before linking to its facet page, which lists them all: an organisation "
                "gathers more testimonials as the base grows (27 each at 1,000 synthetic ones). "
                "0: no limit; the PDF and EPUB list them all."),
    ConfigValue("kb_pdf_url", f"edition/{PDF_FILENAME}", "html", (str,),
                "Where the PDF lives in the HTML site: a published address, never to change."),
    ConfigValue("kb_epub_url", f"edition/{EPUB_FILENAME}", "html", (str,),
                "Where the EPUB lives in the HTML site: a published address, never to change."),
    ConfigValue("kb_last_updated", True, "html", (bool,), "« Mis à jour le » from git under each page."),
    ConfigValue("kb_navigation_depth", 1, "html", (int,), "Depth of the sidebar's navigation."),
    ConfigValue("kb_latex_streaming", True, "", (bool,),
                "The LaTeX book resolved and written page by page, one page in memory at a time "
                "(kb.write.latexstream); False: Sphinx's builder, which assembles the whole book first. "
                "The same .tex either way."),
    ConfigValue("kb_latex_page_cache", True, "", (bool,),
                "Each page's part of the LaTeX book kept between builds and taken back while the page "
                "and what it shows of others are unchanged (kb.write.latexpages). The same .tex either way."),
    ConfigValue("kb_gc_tuning", True, "", (bool,),
                "Fewer garbage collections during a build (kb.core.memory); no effect on the output."),
)


def setup_config(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types,
                             description=value.doc)


PERMALINK_FOLDER = "t"


def permalink(identifier: str) -> str:
    """The permanent address of a testimonial (``t/T-001``): published, never to change."""
    return f"{PERMALINK_FOLDER}/{identifier}"
