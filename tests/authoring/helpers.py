"""What the authoring tests share: a small knowledge base to import into, the
sample testimonial in every source format (generated here, no binary is
committed), and the rendered text of a page for sentence-by-sentence checks.
"""

from __future__ import annotations

import email.message
import email.policy
import html
import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

from tests.helpers import ROOT

NBSP, NNBSP = "\u00a0", "\u202f"
TITLE = "Le client au cœur\u00a0: une refondation de la relation… et c’est tant mieux\u202f!"
BYLINE = "Par Jean-Pierre DUPONT-DURAND – Directeur de la relation client – Mutuelle des Exemples"
AUTHOR, ROLE, ORGANISATION = "Jean-Pierre Dupont-Durand", "Directeur de la relation client", "Mutuelle des Exemples"
# The author's text: typography to keep (’ « » … – no-break spaces) and
# characters MyST would read as markup (* _ ` { } < [ ] # 1. $ | %).
PARAGRAPHS = [
    "Il y a encore dix ans, les grandes sociétés se croyaient fortes pour longtemps… Puis sont arrivées "
    "des «\u00a0start-up\u00a0» qui visaient x10 et non +10\u00a0%. Elles ont tout changé\u202f!",
    "Nos clients nous l’ont dit sans détour\u00a0: «\u00a0vous ne nous écoutez pas\u00a0». Nous avons noté "
    "*chaque* remarque dans un fichier clients_2014.csv, avec des notes de 1 à 5 – parfois 0.",
    "Les développeurs écrivaient {term}`client` ou <b>gras</b> dans leurs messages, et même [lien](http://x) "
    "ou `code` : rien de tout cela n’est une balise ici. Le coût\u00a0? Environ 30 $ par client | an.",
    "# Ce dièse ouvre la ligne mais pas un titre.",
    "1. Ce chiffre ouvre la ligne mais pas une liste.",
    "% Ce pourcentage ouvre la ligne mais pas un commentaire.",
    "La relation a changé. Et c’est une bonne nouvelle pour ceux qui savent écouter.",
]
QUOTE = "Avoir le sens de l’humour ne signifie pas mettre des blagues sur le site web institutionnel."
ITEMS = ["écouter chaque client\u00a0;", "répondre vite\u00a0;", "reconnaître ses erreurs."]
NOTE = "Le manifeste des évidences, publié en 1999."
TABLE = [["Année", "Clients"], ["2014", "1\u00a0200"], ["2015", "3\u00a0400"]]
LINK_TEXT, LINK_URL = "le manifeste", "https://www.cluetrain.com/manifeste.html"
RESIDUE = ["Sélectionner une page", "Témoignage", "Articles récents", "Laisser un commentaire", "Partager",
           "Mentions légales", "Menu principal", "Un autre article du site", "J’aime", "Newsletter"]

SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text.strip()) if s.strip()]


LINK_SENTENCE = "Lisez le manifeste : tout y est."


def all_sentences(*, rich: bool = True) -> list[str]:
    """Every sentence of the sample text, in order (*rich*: with the list,
    the table and the link paragraph, which plain text has not)."""
    parts = [*PARAGRAPHS, QUOTE]
    if rich:
        parts += [*ITEMS, *(" ".join(row) for row in TABLE), LINK_SENTENCE]
    return [s for paragraph in parts for s in sentences(paragraph)]


# --- a knowledge base to import into --------------------------------------------
def small_base(destination: Path) -> Path:
    """conf.py and the testimonials folder (the extension comes from the repository)."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "conf.py", destination / "conf.py")
    shutil.copytree(ROOT / "temoignages", destination / "temoignages")
    return destination


def pages(base: Path) -> set[str]:
    return {p.relative_to(base).as_posix() for p in (base / "temoignages").rglob("*")}


# --- reading a page back ----------------------------------------------------------
ROLE_PATTERN = re.compile(r"\{[a-z-]+\}`([^`<]*?)(?:\s*<[^`>]*>)?`")


def front_and_body(page: str) -> tuple[str, str]:
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", page, re.S)
    assert match, "no front matter"
    return match.group(1), match.group(2)


def page_text(page: str) -> str:
    """The text a reader sees: the page parsed by MyST (docutils), markup gone.

    Roles are first replaced by their text (``{term}`mot <Cible>``` → mot), so
    that a page with cross-references compares too. MyST's smart quotes are
    not applied: the comparison is with the characters of the file."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    _front, body = front_and_body(page)
    body = ROLE_PATTERN.sub(lambda m: m.group(1), body)
    doctree = publish_doctree(body, parser=Parser(), settings_overrides={
        "myst_enable_extensions": ["colon_fence", "deflist", "fieldlist"], "report_level": 5,
        "halt_level": 5, "warning_stream": io.StringIO()})
    from docutils import nodes

    for reference in list(doctree.findall(nodes.footnote_reference)):
        reference.parent.remove(reference)  # « est¹. » reads « est. »
    return doctree.astext()


def despace(text: str) -> str:
    """The no-break spaces that typography puts in messages, as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def squash(text: str) -> str:
    """ASCII white space as single spaces (no-break spaces are kept and compared)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def assert_in_order(expected: list[str], text: str) -> None:
    """Each sentence appears, whole and in order, in *text*."""
    haystack = squash(text)
    position = 0
    for sentence in expected:
        found = haystack.find(squash(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence!r}\n--- in ---\n{haystack[position:position + 400]!r}"
        position = found + len(squash(sentence))


# --- sources -------------------------------------------------------------------------
def sample_html_body() -> str:
    """The sample as HTML: emphasis, a list, a quotation, a table, a link."""
    e = html.escape
    paragraphs = [f"<p>{e(p)}</p>" for p in PARAGRAPHS[:1]]
    second = e(PARAGRAPHS[1]).replace("*chaque*", "<em>*chaque*</em>")
    paragraphs.append(f"<p>{second}</p>")
    paragraphs += [f"<p>{e(p)}</p>" for p in PARAGRAPHS[2:]]
    paragraphs.append(f"<blockquote><p>{e(QUOTE)}</p></blockquote>")
    paragraphs.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in ITEMS) + "</ul>")
    rows = "".join("<tr>" + "".join(f"<{'th' if n == 0 else 'td'}>{e(c)}</{'th' if n == 0 else 'td'}>"
                                     for c in row) + "</tr>" for n, row in enumerate(TABLE))
    paragraphs.append(f"<table>{rows}</table>")
    paragraphs.append(f"<p>Lisez <a href=\"{LINK_URL}\">{LINK_TEXT}</a> : <strong>tout</strong> y est.</p>")
    return "\n".join(paragraphs)


def write_txt(path: Path, *, residue: bool = True) -> Path:
    lines = (["Sélectionner une page", "", "Témoignage", ""] if residue else []) + [TITLE, "", BYLINE, "", NBSP, ""]
    for paragraph in [*PARAGRAPHS, QUOTE]:
        lines += [paragraph, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_md(path: Path) -> Path:

    def md_escape(text: str) -> str:  # the author's characters, as a Markdown author escapes them
        text = re.sub(r"([\\`*_{}\[\]<>#$|])", r"\\\1", text)
        return re.sub(r"^(\d+)\.", r"\1\\.", text)
    body = [f"# {TITLE}", "", BYLINE, ""]
    for paragraph in PARAGRAPHS:
        body += [md_escape(paragraph), ""]
    body += [f"> {QUOTE}", "", *[f"- {i}" for i in ITEMS], "",
             "| " + " | ".join(TABLE[0]) + " |", "| --- | --- |",
             *["| " + " | ".join(r) + " |" for r in TABLE[1:]], "",
             f"Lisez [{LINK_TEXT}]({LINK_URL}) : **tout** y est[^1].", "", f"[^1]: {NOTE}", ""]
    path.write_text("\n".join(body), encoding="utf-8")
    return path


def write_docx(path: Path, *, title_style: bool = True, byline: bool = True, core_author: str | None = None,
               image: bytes | None = None) -> Path:
    import docx

    document = docx.Document()
    if core_author is not None:
        document.core_properties.author = core_author
    document.core_properties.title = "Modèle"  # a stale property: the text's title wins
    if title_style:
        document.add_paragraph(TITLE, style="Title")
    else:
        document.add_heading(TITLE, level=1)
    if byline:
        document.add_paragraph(BYLINE)
    for number, paragraph in enumerate(PARAGRAPHS):
        p = document.add_paragraph()
        if number == 1:
            before, _, after = paragraph.partition("*chaque*")
            p.add_run(before)
            p.add_run("*chaque*").italic = True
            p.add_run(after)
        else:
            p.add_run(paragraph)
    document.add_paragraph(QUOTE, style="Quote")
    for item in ITEMS:
        document.add_paragraph(item, style="List Bullet")
    table = document.add_table(rows=len(TABLE), cols=2)
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    p = document.add_paragraph("Lisez le manifeste : ")
    p.add_run("tout").bold = True
    p.add_run(" y est.")
    if image:
        document.add_picture(io.BytesIO(image))
    document.save(path)
    return path


def write_odt(path: Path) -> Path:
    import pypandoc

    html_text = f"<h1>{html.escape(TITLE)}</h1><p>{html.escape(BYLINE)}</p>{sample_html_body()}"
    pypandoc.convert_text(html_text, "odt", format="html", outputfile=str(path))
    return path


def set_odt_creator(path: Path, creator: str) -> None:
    """Rewrite meta.xml's initial creator (pandoc writes none without -M author)."""
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in items:
            if info.filename == "meta.xml":
                data = re.sub(rb"<meta:initial-creator>.*?</meta:initial-creator>|<meta:initial-creator/>", b"", data)
                data = data.replace(b"</office:meta>",
                                    f"<meta:initial-creator>{creator}</meta:initial-creator></office:meta>".encode())
            archive.writestr(info, data)


def wordpress_page(*, with_article: bool = True) -> str:
    """A WordPress/Divi-like page: mobile menu, category label, post meta,
    share buttons, comments, sidebar, footer, scripts, tracking pixel."""
    article_open, article_close = ("<article id=\"post-7\" class=\"et_pb_post post-7 category-temoignage\">",
                                   "</article>") if with_article else ("<div id=\"post-7\" class=\"post-7\">", "</div>")
    return f"""<!DOCTYPE html>
<!-- saved from url=(0049)https://www.exemple.fr/revolution-digitale-relation/ -->
<html lang="fr-FR"><head><meta charset="UTF-8">
<title>{html.escape(TITLE)} - Le blog des exemples</title>
<meta property="og:site_name" content="Le blog des exemples">
<meta property="article:published_time" content="2014-05-03T08:00:00+00:00">
<link rel="canonical" href="https://www.exemple.fr/revolution-digitale-relation/">
<script>window.dataLayer = [];</script><style>body{{color:red}}</style>
</head><body class="post-template-default">
<div id="page-container"><header id="main-header"><div class="container">
<div class="logo_container"><a href="/"><img src="logo.png" alt="Le blog"></a></div>
<div id="et-top-navigation"><nav id="top-menu-nav"><ul id="top-menu"><li><a href="/">Accueil</a></li>
<li><a href="/blog">Blog</a></li></ul></nav>
<div id="et_mobile_nav_menu"><div class="mobile_nav closed"><span class="select_page">Sélectionner une page</span>
<span class="mobile_menu_bar"></span></div></div></div></div></header>
<div id="et-main-area"><div id="main-content"><div class="container"><div id="content-area" class="clearfix">
<div id="left-area">{article_open}
<div class="et_post_meta_wrapper"><p class="post-category">Témoignage</p><h1 class="entry-title">{html.escape(TITLE)}</h1>
<p class="post-meta"> par <span class="author vcard"><a href="/author/admin" rel="author">admin</a></span> | <span class="published">3 mai 2014</span> | <a href="/category/temoignage" rel="category tag">Témoignage</a> | 0 commentaire</p></div>
<div class="entry-content">
<p><strong>{html.escape(BYLINE)}</strong></p>
<p>&nbsp;</p>
{sample_html_body()}
<p><img src="https://stats.exemple.fr/pixel.gif?id=7" width="1" height="1" alt=""></p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Partager :</h3>
<ul><li><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a></li>
<li><a href="https://twitter.com/intent/tweet?url=x">Twitter</a></li></ul></div>
</div>{article_close}
<section id="comment-wrap"><h1 id="comments" class="page_title">0 commentaire</h1>
<div id="respond" class="comment-respond"><h3 id="reply-title">Laisser un commentaire</h3>
<form action="/wp-comments-post.php" method="post"><p><label>Commentaire</label><textarea name="comment"></textarea></p>
<input type="submit" value="Laisser un commentaire"></form></div></section>
</div>
<div id="sidebar"><div id="recent-posts-2" class="et_pb_widget widget_recent_entries"><h4 class="widgettitle">Articles récents</h4>
<ul><li><a href="/autre">Un autre article du site</a></li><li><a href="/encore">Encore un article du même site</a></li></ul></div>
<div class="et_pb_widget"><h4 class="widgettitle">Newsletter</h4><p>Recevez nos articles chaque semaine dans votre boîte.</p></div></div>
</div></div></div>
<footer id="main-footer"><p>Mentions légales – © 2014 Le blog des exemples, tous droits réservés.</p></footer>
</div></div>
<script>document.write('<p>injecté</p>')</script>
<img src="https://www.facebook.com/tr?id=1&ev=PageView" height="1" width="1" style="display:none">
</body></html>"""


def plain_article_page() -> str:
    """A plain page: no article element, no class names, a nav list and a footer."""
    return f"""<html><head><meta charset="utf-8"><title>{html.escape(TITLE)}</title>
<meta name="author" content="Jean-Pierre DUPONT-DURAND"></head><body>
<ul><li><a href="/">Accueil</a></li><li><a href="/temoignages">Témoignages</a></li><li><a href="/contact">Contact</a></li></ul>
<h1>{html.escape(TITLE)}</h1>
{sample_html_body()}
<hr><p>Partager</p><p>J’aime</p>
<p><small>Site réalisé par une agence, hébergé quelque part, toutes les pages sont à vous.</small></p>
</body></html>"""


def semantic_page() -> str:
    """A modern page: main, article with header (time, byline), aside, footer."""
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Le blog | {html.escape(TITLE)}</title>
<meta property="og:url" content="https://blog.exemple.org/2015/06/relation">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"BlogPosting","datePublished":"2015-06-21"}}</script>
</head><body class="single no-sidebar"><a class="skip-link screen-reader-text" href="#main">Aller au contenu</a>
<header role="banner" class="site-header"><p class="site-title">Le blog</p><nav><a href="/">Accueil</a> <a href="/a-propos">À propos</a></nav></header>
<main id="main"><article><header><p class="cat-links"><a href="/c/t" rel="category">Témoignage</a></p>
<h1>{html.escape(TITLE)}</h1><p class="byline">Publié le <time datetime="2015-06-21">21 juin 2015</time></p></header>
<p>{html.escape(BYLINE)}</p>
{sample_html_body()}
<p>Une note<a href="#fn1" onclick="track()"><sup>1</sup></a> et un <a href="javascript:alert(1)">lien piégé</a>.</p>
<footer class="entry-footer"><span class="tags-links">Étiquettes : <a href="/t/client" rel="tag">client</a></span></footer>
</article>
<section class="related-posts"><h2>À lire aussi</h2><article><h3><a href="/x">Un autre article du site</a></h3>
<p>Un résumé d’un autre article, assez long pour ressembler à un paragraphe de texte.</p></article></section>
</main><aside class="sidebar"><h2>Articles récents</h2><ul><li><a href="/y">Encore un article du même site</a></li></ul></aside>
<footer role="contentinfo"><p>Mentions légales</p></footer>
<div id="cookie-notice" class="cookie-banner"><p>Ce site utilise des cookies pour mesurer l’audience et vous suivre partout.</p>
<button onclick="accept()">Accepter</button></div>
</body></html>"""


def write_eml(path: Path, *, html_part: bool = True, subject: str = "TR: " + TITLE) -> Path:
    message = email.message.EmailMessage(policy=email.policy.default)
    message["From"] = "Assistante Communication <assistante@exemple.fr>"
    message["To"] = "kb@exemple.fr"
    message["Subject"] = subject
    message["Date"] = "Mon, 05 Jan 2015 10:00:00 +0100"
    text = "\n\n".join([BYLINE, *PARAGRAPHS, QUOTE]) + "\n\n-- \nAssistante Communication\n01 23 45 67 89\n"
    message.set_content(text)
    if html_part:
        message.add_alternative(f"<html><body><p>{html.escape(BYLINE)}</p>{sample_html_body()}"
                                f"<img src=\"https://track.exemple.fr/open.gif\" width=\"1\" height=\"1\">"
                                f"</body></html>", subtype="html")
    # Unfolded: Python's folding of encoded words loses the space where it
    # cuts (« la relation » read back as « larelation »); mail clients do not.
    path.write_bytes(message.as_bytes(policy=email.policy.default.clone(max_line_length=None)))
    return path


def png(width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def data_of(base: Path, out: str) -> tuple[dict, str]:
    """The front matter (without the identifier) and the text of the page an import printed last."""
    from kb.core.frontmatter import parse_front_matter
    from kbtools.project import read_conf

    text = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    result = parse_front_matter(text, read_conf(base)["kb_themes"])
    assert result.problems == []
    return {k: v for k, v in result.data.items() if k != "identifiant"}, text
