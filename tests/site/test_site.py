"""The real knowledge base, built end to end (HTML and PDF) with the README's command."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import PDF_NAME, TESTIMONIAL
from tests.helpers.site import article_text, assert_seed_reaches, pdf_text, seed_paragraphs

pytestmark = pytest.mark.site


def test_every_sentence_of_the_seed_reaches_the_html(html: Path):
    assert_seed_reaches(article_text(html / f"{TESTIMONIAL}.html"))


def test_every_sentence_of_the_seed_reaches_the_pdf(pdf: Path):
    assert_seed_reaches(pdf_text(pdf))


def test_byline_becomes_the_header(html: Path):
    _, byline, _ = seed_paragraphs()
    author, role, organisation = (part.strip() for part in byline.removeprefix("Par ").split("–"))
    header = article_text(html / f"{TESTIMONIAL}.html")
    assert author.lower() in header.lower()
    for part in (role, organisation, "date inconnue"):
        assert part in header
    # The scraping residue is gone.
    assert "Sélectionner une page" not in header


def test_thesis_22_link_resolves_in_html(html: Path):
    page = (html / f"{TESTIMONIAL}.html").read_text()
    # The quotation itself is the link (the header lists it too).
    assert re.search(r'href="../manifeste/theses.html#these-22"[^>]*><span class="xref kb-these"[^>]*>'
                     r"Avoir le sens de l’humour", page)
    assert set(re.findall(r'href="([^"]*#these-\d+)"', page)) == {"../manifeste/theses.html#these-22"}
    theses = (html / "manifeste" / "theses.html").read_text()
    assert theses.count('id="these-22"') == 1


def test_all_95_thesis_anchors_exist(html: Path):
    theses = (html / "manifeste" / "theses.html").read_text()
    ids = re.findall(r'id="these-(\d+)"', theses)
    assert sorted(map(int, ids)) == list(range(1, 96))


def _text_positions(page) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: found.append((text, tm[5] * cm[3] + cm[5])))
    return found


def test_thesis_22_is_a_working_link_in_the_pdf(pdf: Path):
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    quote_pages = [i for i, text in enumerate(pages) if "Et j’extrais cette citation" in text]
    assert quote_pages
    # Every internal link of the quotation's page, with the page and height it jumps to.
    jumps = []
    for index in [*quote_pages, quote_pages[-1] + 1]:
        for annotation in reader.pages[index].get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or not action or action.get("/S") != "/GoTo":
                continue
            destination = reader.named_destinations[str(action["/D"])]
            jumps.append((reader.get_destination_page_number(destination), float(destination.top)))
    # One of them lands on the heading « Thèse 22 » (just above it on its page).
    landed = False
    for page_number, top in jumps:
        for text, y in _text_positions(reader.pages[page_number]):
            if text.startswith("Thèse 22") and 0 <= top - y < 40:
                landed = True
    assert landed, jumps


def test_pdf_has_an_outline(pdf: Path):
    titles = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert "Témoignages" in titles and "Le manifeste" in titles and "Glossaire" in titles


def french_key(term: str) -> tuple[str, str]:
    """French dictionary order: letters first, accents only to break ties."""
    base = "".join(c for c in unicodedata.normalize("NFD", term.casefold()) if not unicodedata.combining(c))
    return base, term.casefold()


def glossary_terms(html: Path) -> list[str]:
    page = (html / "glossaire.html").read_text()
    return [re.sub(r"<[^>]+>|¶", "", t).strip() for t in re.findall(r'<dt id="term-[^"]*">(.*?)</dt>', page, re.S)]


def test_glossary_has_25_terms_each_defined_once(html: Path):
    terms = glossary_terms(html)
    assert len(terms) >= 25
    assert len({t.casefold() for t in terms}) == len(terms)
    page = (html / "glossaire.html").read_text()
    ids = re.findall(r'<dt id="(term-[^"]*)"', page)
    assert len(ids) == len(set(ids))


def test_glossary_is_in_french_order(html: Path):
    terms = glossary_terms(html)
    # The first term of each entry (synonyms follow their entry).
    page = (html / "glossaire.html").read_text()
    firsts = [re.sub(r"<[^>]+>|¶", "", m).strip()
              for m in re.findall(r"<dl class=\"simple glossary\">|<dd>.*?</dd>\s*<dt id=\"term-[^\"]*\">(.*?)</dt>", page, re.S) if m]
    entries = [terms[0], *firsts]
    assert entries == sorted(entries, key=french_key)
    assert entries.index("Écosystème") < entries.index("Expérience client")


def test_pdf_link_on_home_page_points_at_the_pdf(html: Path):
    home = (html / "index.html").read_text()
    hrefs = re.findall(r'<a class="kb-pdf-link" href="([^"]+)"', home)
    assert hrefs and "Télécharger l’édition PDF" in home
    for href in hrefs:
        target = html / href
        assert target.is_file() and target.read_bytes().startswith(b"%PDF")


def test_every_page_has_the_pdf_and_epub_links_with_their_sizes(html: Path):
    for page in html.rglob("*.html"):
        if page.name in {"genindex.html", "search.html"} or 'http-equiv="refresh"' in page.read_text():
            continue  # redirects (permanent addresses) are not pages
        text = page.read_text()
        for edition, magic in (("pdf", b"%PDF"), ("epub", b"PK")):
            hrefs = re.findall(rf'<a class="kb-{edition}-link" href="([^"]+)"', text)
            assert hrefs, (page, edition)
            for href in hrefs:  # the 404 page's links are absolute: it is served at any depth
                target = html / href.lstrip("/") if href.startswith("/") else page.parent / href
                assert target.resolve().is_file() and target.read_bytes().startswith(magic), (page, href)
        assert re.search(r"Télécharger l’édition EPUB \(\d+(,\d)?\u202f(ko|Mo)\)", text), page
        assert "kb-taille" not in text


def test_home_page_lists_the_testimonial_as_a_card(html: Path):
    home = (html / "index.html").read_text()
    assert re.search(rf'<a class="sd-stretched-link sd-hide-link-text reference internal" href="{TESTIMONIAL}.html"', home)
    assert "Denis Meimoun" in home


def test_pages_show_their_git_date(html: Path):
    glossary = (html / "glossaire.html").read_text()
    assert re.search(r'<p class="kb-mis-a-jour">Mis à jour le \d{1,2}(er)? \w+ 20\d\d</p>', glossary)


def test_no_edit_link_or_sitemap_unless_configured(html: Path):
    assert "Modifier cette page" not in (html / "glossaire.html").read_text()
    assert not (html / "sitemap.xml").exists()


def test_intranet_options_when_configured(tmp_path_factory):
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    build_dir = tmp_path_factory.mktemp("intranet")
    env = {**os.environ, "KB_EDIT_URL": "https://forge.example/kb/-/edit/main/",
           "KB_BASE_URL": "https://kb.example/"}
    result = subprocess.run([sys.executable, "-m", "kb", "--build-dir", str(build_dir), "build", "--html"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    html = build_dir / "html"
    glossary = (html / "glossaire.html").read_text()
    assert 'href="https://forge.example/kb/-/edit/main/glossaire.md"' in glossary
    assert "Modifier cette page" in glossary
    assert '<meta property="og:url" content="https://kb.example/glossaire.html" />' in glossary
    assert "<loc>https://kb.example/glossaire.html</loc>" in (html / "sitemap.xml").read_text()


def _pages_and_labels(pdf: Path) -> tuple[list[str], list[str]]:
    reader = PdfReader(pdf)
    return [page.extract_text() for page in reader.pages], list(reader.page_labels)


def test_pdf_cited_in_lists_give_the_printed_page_of_the_quotation(pdf: Path):
    texts, labels = _pages_and_labels(pdf)
    quoted = next(i for i, text in enumerate(texts) if "Et j’extrais cette citation" in text)
    thesis = next(i for i, text in enumerate(texts) if re.search(r"Thèse 22 —", text) and i > quoted)
    # The entry of thesis 22's « Cité dans » ends with dotted leaders and a page number.
    after = texts[thesis][texts[thesis].index("Thèse 22 —"):]
    entry = after[after.index("Cité dans"):]
    number = re.search(r"»[\s.]*?\.\s*\.\s*(\w+)", entry)
    assert number, entry[:400]
    # The number printed is the page's printed label (arabic numbering starts after
    # the front matter), and that page is the one holding the quotation.
    assert number[1] == labels[quoted]
    assert labels[quoted].isdigit() and labels[quoted] != str(quoted + 1)


def test_pdf_summary_first_and_contents_last(pdf: Path):
    reader = PdfReader(pdf)
    texts, labels = _pages_and_labels(pdf)
    summary = next(i for i, text in enumerate(texts) if "Sommaire" in text)
    contents = max(i for i, text in enumerate(texts) if "Table des matières" in text)
    assert summary < 3 and contents > len(texts) - 4
    chapter = next(item for item in reader.outline if not isinstance(item, list) and item.title == "Témoignages")
    children = reader.outline[reader.outline.index(chapter) + 1]
    start = next(reader.get_destination_page_number(item) for item in children
                 if item.title.startswith("La révolution digitale"))
    # The contents line of the testimonial gives the page where it starts.
    line = re.search(r"1\.1\s*La révolution digitale.*?\.\s*(\d+)\s*$", texts[contents], re.S | re.M)
    assert line and line[1] == labels[start]


def test_pdf_builds_in_one_xelatex_pass(site: Path, tmp_path: Path):
    """Nothing in the layout is read from a previous pass (kbunepasse.sty: named
    destinations, page numbers of what is already printed, contents and outline
    from the same pass): one pass from scratch; none when nothing changed; one
    after an edit."""
    import os
    import shutil
    import subprocess

    from kbtools.build.latex import tex_env
    from kbtools.build.xelatex import INPUTS_DIGEST, xelatex_command

    latex = tmp_path / "latex"
    shutil.copytree(site / "work" / "latex", latex)
    for suffix in (".aux", ".toc", ".out", ".xdv", ".log", ".pdf", ".kbpages", ".kbtoc"):
        (latex / f"{PDF_NAME.removesuffix('.pdf')}{suffix}").unlink(missing_ok=True)
    (latex / INPUTS_DIGEST).unlink(missing_ok=True)

    def run() -> list[str]:
        result = subprocess.run(xelatex_command(latex, PDF_NAME.removesuffix(".pdf")), capture_output=True,
                                text=True, env=tex_env(dict(os.environ)))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        return re.findall(r"^Passe \d+ de XeLaTeX.*$", result.stdout, re.M)

    assert run() == ["Passe 1 de XeLaTeX"]
    assert (latex / PDF_NAME).stat().st_size > 10_000
    assert run() == []
    tex = latex / f"{PDF_NAME.removesuffix('.pdf')}.tex"
    tex.write_text(tex.read_text(encoding="utf-8").replace("\\end{document}", "% edited\n\\end{document}"),
                   encoding="utf-8")
    assert run() == ["Passe 1 de XeLaTeX"]


def test_web_addresses_in_the_pdf_text_keep_their_colon(pdf: Path):
    """babel-french spaces every « : » of running text; an address must not read « https ://… »."""
    text = pdf_text(pdf)
    assert "https://www.cluetrain.com/manifeste.html" in text  # the seed's address, set as text in « Cité dans »
    assert not re.search(r"https? ://", text)


def test_a_long_section_title_in_the_footer_leaves_the_page_number_alone(pdf: Path):
    """The seed's title is longer than the footer: it wraps in its own column
    (conf.py, \\kbfootmark) instead of running into the page number."""
    import subprocess

    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    footers = [line for line in layout.splitlines() if line.startswith("1.1. La révolution digitale")]
    assert footers, "the seed's section title is no longer in the footers"
    for line in footers:
        assert re.search(r"\S\s{2,}\d+$", line), line  # text, a gap, then the page number
    assert not re.search(r"[^\W\d_]\d+$", layout, re.M)  # no page number glued to a word anywhere
