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

from kb.core.editions import is_web
from kb.core.french import number
from kb.resolve.catalog import card_grid, catalog_page, catalog_pages, page_items, pager
from kb.write.generated import changed_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-catalogue.json"


def pages(app: Sphinx) -> dict[str, tuple[str, str]]:
    """Every page of the catalog but the first: pagename -> (title, body HTML)."""
    total = catalog_pages(app)
    result = {}
    for page in range(2, total + 1):
        pagename = catalog_page(app, page)
        title = f"Témoignages — page {number(page)} sur {number(total)}"
        body = "".join(app.builder.render_partial(node)["fragment"]
                       for node in (card_grid(app, pagename, page_items(app, page)), pager(app, pagename, page)))
        result[pagename] = (title, f'<section><h1>{title}</h1><div class="kb-catalogue">{body}</div></section>')
    return result


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the catalog's pages whose content changed."""
    if not is_web(app):
        return
    yield from changed_pages(app, MANIFEST, lambda: pages(app), none_expected=catalog_pages(app) == 1)


def setup_catalogpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
