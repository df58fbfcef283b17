"""French as a reader meets it in Chromium: the « Page introuvable » page at
any depth, and the search page's own messages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from kbtools.browser import CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")]


@pytest.mark.parametrize("path", ["introuvable.html", "temoignages/ancien/nom/qui/n-existe-plus.html", "t/T-999"])
def test_unknown_address_gets_the_french_404_page_with_its_styles(browser, base_url, path):
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and r.url != base_url + path and failed.append(r.url))
    response = page.goto(base_url + path)
    assert response.status == 404
    assert page.title().startswith("Page introuvable")
    assert page.locator("article h1").inner_text() == "Page introuvable"
    # Its stylesheets and scripts load from any depth (absolute addresses): Furo's layout applies.
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "inline"
    # The search box searches the whole base; « Retour à l’accueil » goes home.
    page.fill("#kb-introuvable-q", "relation client")
    page.locator("form.kb-introuvable-recherche button").click()
    page.wait_for_selector("#search-results p.search-summary")
    assert page.url == base_url + "search.html?q=relation+client"
    page.go_back()
    page.get_by_text("Retour à l’accueil").click()
    assert page.url == base_url + "index.html"
    page.close()


def test_search_page_messages_are_french(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "search.html?q=" + quote("relation client"))
    summary = page.locator("#search-results p.search-summary")
    summary.wait_for()
    assert summary.inner_text().startswith("Recherche terminée : ")
    assert page.locator("#search-results h2").inner_text() == "Résultats de la recherche"
    page.goto(base_url + "search.html?q=" + quote("zzqxwv"))
    page.wait_for_selector("#search-results p.search-summary")
    assert page.locator("#search-results p.search-summary").inner_text().startswith(
        "Aucune page ne correspond à cette recherche.")
    page.close()
