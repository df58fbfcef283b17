"""The reading experience in headless Chromium: download, isolation, small
screens and dark mode, accessibility (axe-core), and every internal link."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kbtools.browser import CHROMIUM
from tests.helpers import TESTIMONIAL, TESTS

playwright = pytest.importorskip("playwright.sync_api")
AXE = TESTS / "browser-deps" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", f"{TESTIMONIAL}.html", "manifeste/index.html", "manifeste/theses.html", "glossaire.html",
         "carte.html", "temoignages/index.html", "auteurs.html", "contribuer.html", "search.html?q=relation"]
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")]


def test_pdf_link_downloads_a_valid_pdf(browser, base_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + f"{TESTIMONIAL}.html")
    with page.expect_download() as download:
        page.locator("article a.kb-pdf-link, .kb-pied a.kb-pdf-link").first.click()
    target = tmp_path / "edition.pdf"
    download.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_other_host_and_no_console_error(browser, base_url, path):
    context = browser.new_context()
    page = context.new_page()
    hosts, errors = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(base_url).netloc}
    assert errors == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["index.html", f"{TESTIMONIAL}.html", "manifeste/theses.html", "carte.html",
                                  "search.html?q=relation&type=temoignage"])
def test_phone_screen_has_no_horizontal_scrolling(browser, base_url, path, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    if scheme == "dark":
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 200, background
    context.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (make test installs it)")
@pytest.mark.parametrize("path", ["index.html", f"{TESTIMONIAL}.html", "manifeste/theses.html", "glossaire.html",
                                  "search.html?q=relation", "carte.html"])
def test_no_serious_accessibility_violation(browser, base_url, path):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, ensure_ascii=False)
    context.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attribute in ("href", "src"):
            if tag in ("a", "link", "script", "img") and values.get(attribute):
                self.hrefs.append(values[attribute])


def test_every_internal_link_and_anchor_resolves(html: Path):
    parsed: dict[Path, _Links] = {}

    def page(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for source in sorted(html.rglob("*.html")):
        for href in page(source).hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "mailto:")):
                continue
            if parts.path.startswith("/"):  # the 404 page's links are absolute: it is served at any depth
                target = (html / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(source.relative_to(html)), href))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target).ids:
                broken.append((str(source.relative_to(html)), href))
    assert broken == []
    assert len(parsed) > 10


def test_epub_link_downloads_a_valid_book(browser, base_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + f"{TESTIMONIAL}.html")
    link = page.locator(".kb-pied a.kb-epub-link").first
    assert re.fullmatch(r"Télécharger l’édition EPUB \(\d+(,\d)?\u202f(ko|Mo)\)", link.inner_text().strip())
    with page.expect_download() as download:
        link.click()
    target = tmp_path / "edition.epub"
    download.value.save_as(target)
    import zipfile

    with zipfile.ZipFile(target) as book:
        assert book.namelist()[0] == "mimetype" and book.read("mimetype") == b"application/epub+zip"
    context.close()


def test_a_page_of_the_book_reads_well_on_a_phone(browser, site, tmp_path):
    """One page of the EPUB, as a reader app shows it (Chromium renders its XHTML
    with the book's own styles): the header block and the text fit a phone's width."""
    import zipfile

    from kb.core.config import EPUB_FILENAME

    with zipfile.ZipFile(site / "epub" / EPUB_FILENAME) as book:
        book.extractall(tmp_path / "livre")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((tmp_path / "livre" / f"{TESTIMONIAL}.xhtml").as_uri())
    assert page.locator("h1").first.inner_text().startswith("La révolution digitale")
    assert page.locator(".kb-entete").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.screenshot(path=str(tmp_path / "page-du-livre.png"), full_page=False)
    context.close()
