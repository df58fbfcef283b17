"""No English left for a French reader: in the text of every built page and
in what screen readers say (aria-label, title, alt, placeholder, value); and
numbers written the French way."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.core.french import number, plural

pytestmark = pytest.mark.site

# The English the theme and Sphinx print when nothing translates them.
ENGLISH = ["Back to top", "Skip to content", "Made with", "Toggle", "Light mode", "Dark mode", "Auto light",
           "Auto color", "Copyright", "Contents", "On this page", "Next", "Previous", "Home", "Expand",
           "Search", "Searching", "Edit this page", "View this page", "Link to this", "Permalink",
           "Copy to clipboard", "Hide Search Matches", "Please activate", "Error", "Last updated",
           "Table of Contents", "Go"]
WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "value"}


class Heard(HTMLParser):
    """What a reader sees or hears of a page: its text and its spoken attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
        self.parts += [value for name, value in attrs if name in ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def heard(page: Path) -> list[str]:
    parser = Heard()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.parts


def test_no_english_interface_string_on_any_page(html: Path):
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 20  # the crawl reaches the facet pages and redirects too
    found = {}
    for page in pages:
        for part in heard(page):
            for match in WORD.finditer(part):
                found.setdefault(match.group(), set()).add(page.relative_to(html).as_posix())
    assert found == {}


def test_the_404_page_is_french(html: Path):
    page = html / "404.html"
    text = " ".join(heard(page))
    assert "Page introuvable" in text and "Retour à l’accueil" in text
    # Absolute links: it is served for unknown addresses at any depth.
    assert 'href="/_static/' in page.read_text(encoding="utf-8")


def test_browser_translations_are_french(html: Path):
    translations = (html / "_static" / "translations.js").read_text(encoding="utf-8")
    assert "Recherche terminée : ${resultCount} pages correspondent à la recherche." in translations
    assert "Aucune page ne correspond à cette recherche." in translations


def test_numbers_group_digits_with_a_narrow_no_break_space():
    assert number(999) == "999"
    assert number(1000) == "1\u202f000"
    assert number(1234567) == "1\u202f234\u202f567"
    assert plural(1000, "témoignage") == "1\u202f000 témoignages"
    assert plural(1, "témoignage") == "1 témoignage" and plural(0, "thèse") == "0 thèse"
