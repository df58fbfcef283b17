"""Reading the site through nginx, in Debian's Chromium: the pages, the search,
the 404 page and the editions' downloads work under the Content-Security-Policy
(a violation is reported to the page and in the console), and nothing is
requested from another host."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kbtools.browser import CHROMIUM
from tests.helpers import TESTIMONIAL

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.site, pytest.mark.deploy, pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")]

# Every violation of the policy, as the page sees it (before any of its own scripts runs).
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));"""


def open_page(browser, url: str, **context_options):
    context = browser.new_context(**context_options)
    context.add_init_script(LISTEN)
    page = context.new_page()
    report = {"hosts": set(), "errors": []}
    page.on("request", lambda request: report["hosts"].add(urlsplit(request.url).netloc))
    page.on("console", lambda message: message.type == "error" and report["errors"].append(message.text))
    page.on("pageerror", lambda error: report["errors"].append(str(error)))
    return context, page, report


def assert_clean(page, report, server: str, *, expected_errors: int = 0) -> None:
    assert page.evaluate("window.__violations") == []
    assert report["hosts"] == {urlsplit(server).netloc}
    assert len(report["errors"]) == expected_errors, report["errors"]


@pytest.mark.parametrize("path", ["index.html", f"{TESTIMONIAL}.html", "manifeste/theses.html", "glossaire.html",
                                  "carte.html", "temoignages/index.html"])
def test_pages_under_the_policy(browser, server: str, path: str):
    context, page, report = open_page(browser, f"{server}/{path}")
    response = page.goto(f"{server}/{path}")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    # Furo's inline script ran (allowed by its hash), its hidden icon sprite stays hidden (style attribute).
    assert page.evaluate("document.body.dataset.theme") in ("auto", "light", "dark")
    assert page.evaluate("getComputedStyle(document.querySelector('body > svg')).display") == "none"
    # The stylesheets applied: Furo's layout, not the browser's default.
    assert page.evaluate("getComputedStyle(document.querySelector('.page')).display") == "flex"
    assert_clean(page, report, server)
    context.close()


def test_search_under_the_policy(browser, server: str):
    context, page, report = open_page(browser, server)
    page.goto(f"{server}/search.html?q=relation")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("#search-results ul.search li").count() > 0
    assert_clean(page, report, server)
    context.close()


def test_the_french_404_page_under_the_policy(browser, server: str):
    context, page, report = open_page(browser, server)
    response = page.goto(f"{server}/temoignages/ancien/chemin/introuvable.html")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert "Page introuvable" in page.locator("h1").first.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.page')).display") == "flex"
    # The only console error is the browser's own line about the 404 status.
    assert_clean(page, report, server, expected_errors=1)
    assert "404" in report["errors"][0]
    context.close()


@pytest.mark.parametrize("edition", ["pdf", "epub"])
def test_editions_download_through_nginx(browser, server: str, tmp_path: Path, edition: str):
    context, page, report = open_page(browser, server, accept_downloads=True)
    page.goto(f"{server}/{TESTIMONIAL}.html")
    with page.expect_download() as download:
        page.locator(f'a[href$=".{edition}"]').first.click()
    target = tmp_path / f"edition.{edition}"
    download.value.save_as(target)
    data = target.read_bytes()
    if edition == "pdf":
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    else:
        with zipfile.ZipFile(target) as book:
            assert book.read("mimetype") == b"application/epub+zip"
    assert_clean(page, report, server)
    context.close()


def test_no_string_is_evaluated_as_code(browser, server: str):
    context, page, _ = open_page(browser, server)
    page.goto(f"{server}/index.html")
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    context.close()
    # Sphinx's doctools.js would compile the translations' plural rule with `new Function`,
    # which the policy refuses: kb/write/translations.py sets it as code instead.
    assert violations == []
