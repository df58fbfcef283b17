"""French search in the browser: accents and case ignored, French stemming.

The query set of the knowledge base: each query must put the expected page
in the first three results of the site's own search page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from kb.core.french import fold
from kb.core.normalise import normalise_word
from kb.write.search import SearchFrenchFolded
from kbtools.browser import CHROMIUM
from tests.helpers import DATA, ROOT
from tests.helpers import TESTIMONIAL as TESTIMONIAL_PAGE
from tests.helpers.queries import generated_queries

TESTIMONIAL = TESTIMONIAL_PAGE + ".html"

playwright = pytest.importorskip("playwright.sync_api")

# The query set of the knowledge base (shared with bench/search.py): query -> expected page.
QUERIES: dict[str, str] = json.loads((DATA / "search-queries.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js is not installed")
def test_browser_computes_the_same_keys_as_the_indexer(tmp_path):
    """The JavaScript key (language_data.js) equals kb.core.normalise's on every
    word of the site's sources, unaccented, capitalised and in the plural."""
    words = set()
    for source in ["glossaire.md", "manifeste/theses.md", f"{TESTIMONIAL_PAGE}.md", "contribuer.md"]:
        words.update(re.findall(r"[\w’'-]+", (ROOT / source).read_text(encoding="utf-8")))
    words |= {fold(w) for w in words} | {w + "s" for w in words} | {w.upper() for w in words}
    words |= {"publicite", "publicité", "startups", "start-up", "l’humour", "jusqu’à", "aujourd’hui",
              "vendeuse", "vendeur", "actives", "actif", "directrice", "directeur", "créées", "œuvre", "Ægis"}
    vocabulary = sorted(words)
    script = tmp_path / "keys.js"
    script.write_text(SearchFrenchFolded.js_stemmer_code + "\nconst s = new Stemmer();\n"
                      + "const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                      + "console.log(JSON.stringify(words.map((w) => s.stemWord(w.toLowerCase()))));\n", encoding="utf-8")
    result = subprocess.run(["node", str(script)], input=json.dumps(vocabulary), capture_output=True, text=True,
                            check=True)
    browser = dict(zip(vocabulary, json.loads(result.stdout), strict=True))
    assert len(vocabulary) > 1000
    assert {w: k for w, k in browser.items() if k != normalise_word(w)} == {}


def test_a_query_and_a_text_match_whatever_their_accents_inflection_and_hyphens():
    language = SearchFrenchFolded({})
    same = [("publicité", "publicite"), ("humilité", "humilites"), ("agilité", "AGILITE"), ("sécurité", "securite"),
            ("écosystème", "ecosystemes"), ("relation", "relations"), ("client", "clients")]
    for a, b in same:
        assert language.stem(a) == language.stem(b), (a, b)
    assert "startup" in language.split("des start-up")
    # The hyphen, and the two Unicode hyphens a word processor writes (non-breaking among them).
    assert "startup" in language.split("des start\u2010up") and "startup" in language.split("des start\u2011up")
    assert language.split("des jeunes pousses") == ["des", "jeunes", "pousses"]
    assert language.stem("startups") == language.stem("startup")
    assert language.stem("start-up") == language.stem("startups")


def test_folding_is_the_same_for_the_index_and_the_query():
    language = SearchFrenchFolded({})
    assert language.stem("Témoignages") == language.stem("temoignage") == "temoignag"
    assert language.stem("écosystème") == language.stem("ECOSYSTEME")
    assert fold("Œuvre cœur") == "oeuvre coeur"
    assert "function kbFold" in language.js_stemmer_code


@pytest.fixture(scope="module")
def search_page(browser, base_url) -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    page = browser.new_page()

    def search(query: str) -> list[str]:
        page.goto(base_url + "search.html?q=" + quote(query))
        page.wait_for_selector("#search-results p.search-summary")
        return page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))")

    yield search
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), QUERIES.items())
def test_query_finds_the_page_in_the_top_three(search_page, query, expected):
    results = [href.split("#")[0] for href in search_page(query)]
    assert expected in results[:3], results[:5]


@pytest.mark.browser
def test_thesis_result_points_at_its_anchor(search_page):
    assert "manifeste/theses.html#these-22" in search_page("thèse 22")


@pytest.fixture(scope="module")
def filtered(browser, base_url) -> Iterator:
    """Run a search with filters in the address; return the visible and all results."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    page = browser.new_page()

    def search(address: str) -> tuple[list[str], list[str]]:
        page.goto(base_url + "search.html?" + address)
        page.wait_for_selector("#search-results p.search-summary")  # written once all results are
        visible = page.eval_on_selector_all(
            "#search-results ul.search > li:not([hidden]) > a", "l => l.map(a => a.getAttribute('href'))")
        every = page.eval_on_selector_all(
            "#search-results ul.search > li > a", "l => l.map(a => a.getAttribute('href'))")
        return visible, every

    search.page = page
    yield search
    page.close()


@pytest.mark.browser
def test_kind_filter_keeps_only_theses(filtered):
    visible, every = filtered("q=" + quote("thèse 22") + "&type=these")
    assert len(every) > len(visible) > 0
    assert all(href.startswith("manifeste/theses.html") for href in visible), visible
    assert "manifeste/theses.html#these-22" in visible
    assert filtered.page.text_content(".kb-filtres-compte") == (
        f"{len(visible)} résultats sur {len(every)} correspondent aux filtres.")


@pytest.mark.browser
def test_theme_and_kind_filters_keep_the_testimonial(filtered):
    visible, every = filtered("q=" + quote("relation client") + "&type=temoignage&theme="
                              + quote("relation client"))
    assert visible == [TESTIMONIAL], (visible, every)
    assert len(every) > 1


@pytest.mark.browser
def test_changing_a_filter_updates_results_and_address(filtered):
    filtered("q=relation")
    page = filtered.page
    page.select_option("select[name=type]", "glossaire")
    visible = page.eval_on_selector_all(
        "#search-results ul.search > li:not([hidden]) > a", "l => l.map(a => a.getAttribute('href'))")
    assert visible and all(href.startswith("glossaire.html") for href in visible), visible
    assert "type=glossaire" in page.url
    page.select_option("select[name=type]", "")
    page.select_option("select[name=organisation]", "GAN Assurances")
    visible = page.eval_on_selector_all(
        "#search-results ul.search > li:not([hidden]) > a", "l => l.map(a => a.getAttribute('href'))")
    assert visible == [TESTIMONIAL]
    assert "type=" not in page.url and "organisation=GAN+Assurances" in page.url


@pytest.mark.browser
def test_unaccented_query_highlights_accented_words(filtered):
    filtered("q=temoignage")
    filtered.page.wait_for_selector("#search-results p.context mark.kb-surligne")
    marks = filtered.page.eval_on_selector_all(
        "#search-results p.context mark.kb-surligne", "l => l.map(m => m.textContent)")
    assert any(fold(mark).startswith("temoignage") and mark != fold(mark) for mark in marks), marks


@pytest.mark.browser
def test_generated_queries_find_their_page_in_the_top_three(search_page, html):
    """Every glossary term and synonym (unaccented, plural, without hyphens) and
    every thesis title (unaccented): at least 150 queries, each a hit."""
    queries = generated_queries(html)
    assert len(queries) >= 150
    misses = {}
    for query, expected in sorted(queries.items()):
        results = [href.split("#")[0] for href in search_page(query)][:3]
        if not expected & set(results):
            misses[query] = results
    print(f"generated queries: {len(queries) - len(misses)}/{len(queries)} hits")
    assert misses == {}
