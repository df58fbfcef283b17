"""The pages 2, 3… of a list in pages (:mod:`kb.resolve.pagination`).

Every paginated list (the catalog, the authors, the organisations, « Qui
cite quoi ») gets the same generated pages: a title that says where the
reader is (« Auteurs — page 2 sur 15 »), the page's entries and the same
pager as page 1. The feature says what a page shows; this module makes the
pages, and :func:`kb.write.generated.changed_pages` writes those that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.editions import is_web
from kb.core.french import number
from kb.resolve.pagination import Pagination
from kb.write.generated import Pages, changed_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# (pagename, page) -> what that page shows under its title
PageBody = Callable[[str, int], list[nodes.Node]]


def page_title(title: str, page: int, total: int) -> str:
    """« Auteurs — page 2 sur 15 »."""
    return f"{title} — page {number(page)} sur {number(total)}"


def list_pages(app: Sphinx, pagination: Pagination, title: str, body: PageBody, css_class: str) -> Pages:
    """Pages 2… of *pagination*, titled after *title*: pagename -> (title, body HTML)."""
    result: Pages = {}
    for page in range(2, pagination.total + 1):
        pagename = pagination.pagename(page)
        heading = page_title(title, page, pagination.total)
        html = "".join(app.builder.render_partial(node)["fragment"] for node in body(pagename, page))
        result[pagename] = (heading, f'<section><h1>{escape(heading, quote=False)}</h1>'
                                     f'<div class="{css_class}">{html}</div></section>')
    return result


def collect_list_pages(app: Sphinx, manifest: str, pages: Callable[[Sphinx], Pages],
                       several: Callable[[Sphinx], bool]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages`` for a list in pages: its pages 2… whose content
    changed. The books (PDF, EPUB) have no generated pages: they list every
    entry where page 1 stands."""
    if not is_web(app):
        return
    yield from changed_pages(app, manifest, lambda: pages(app), none_expected=not several(app))
