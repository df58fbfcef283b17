"""The pages 2, 3… of « Qui cite quoi » (``carte/qui-cite-quoi/2.html``…).

The citation map (:mod:`kb.resolve.citationmap`) lists the newest
``kb_index_page_size`` testimonials with what each cites; the others are on
the pages generated here (``html-collect-pages``), with the same lines and
the same pager, so that the map does not grow with the number of
testimonials. A page is rendered through the theme only when its content
changed, and removed when no longer needed
(:func:`kb.write.generated.changed_pages`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.domain import domain_of
from kb.resolve.citationmap import who_cites_what_page, who_cites_what_pagination
from kb.write.generated import Pages
from kb.write.pagination import collect_list_pages, list_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-qui-cite-quoi.json"


def pages(app: Sphinx) -> Pages:
    """Pages 2… of « Qui cite quoi » of every map: pagename -> (title, body HTML)."""
    result: Pages = {}
    for holder in sorted(domain_of(app.env).pages_holding("map")):
        def body(pagename: str, page: int, holder: str = holder) -> list[nodes.Node]:
            return who_cites_what_page(app, pagename, holder, page)

        result.update(list_pages(app, who_cites_what_pagination(app, holder), "Qui cite quoi", body,
                                 "kb-qui-cite-quoi-pages"))
    return result


def several_pages(app: Sphinx) -> bool:
    """Whether « Qui cite quoi » has more than one page."""
    return any(who_cites_what_pagination(app, holder).total > 1
               for holder in domain_of(app.env).pages_holding("map"))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the pages of « Qui cite quoi » whose content changed."""
    yield from collect_list_pages(app, MANIFEST, pages, several_pages)


def setup_citationmappages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
