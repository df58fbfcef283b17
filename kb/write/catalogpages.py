"""The catalog's pages 2, 3… (``temoignages/catalogue/2.html``…).

The catalog page shows the newest ``kb_catalog_page_size`` cards; the
others are on pages generated here (``html-collect-pages``), each with the
same cards and the same pager, so that no page of the site grows with the
number of testimonials. Like the facet pages, a page is rendered through the
theme only when its content changed, and removed when it is no longer needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.graph import sorted_testimonials
from kb.resolve.catalog import card_grid, catalog_pager, catalog_pagination
from kb.write.generated import Pages
from kb.write.pagination import collect_list_pages, list_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-catalogue.json"


def pages(app: Sphinx) -> Pages:
    """Every page of the catalog but the first: pagename -> (title, body HTML)."""
    pagination = catalog_pagination(app)
    items = sorted_testimonials(app.env)

    def body(pagename: str, page: int) -> list[nodes.Node]:
        return [card_grid(app, pagename, pagination.slice(items, page)), catalog_pager(app, pagename, page)]

    return list_pages(app, pagination, "Témoignages", body, "kb-catalogue")


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the catalog's pages whose content changed."""
    yield from collect_list_pages(app, MANIFEST, pages, lambda app: catalog_pagination(app).total > 1)


def setup_catalogpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
