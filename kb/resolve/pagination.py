"""Long lists in pages on the web: the catalog, the authors and organisations
of the index, « Qui cite quoi » on the citation map.

No page of the site may grow with the number of testimonials, so a list
that does shows its first entries where it stands (page 1) and the rest on
pages generated beside it (pages 2…, written by :mod:`kb.write.pagination`).
Every such list has the same pager, so that a reader meets one way of
turning pages everywhere: « Page 2 sur 5 : 1 2 3 4 5 · Précédente · Suivante »,
a ``<nav aria-label="Pages">`` whose current page says ``aria-current``.
The books (PDF, EPUB) have no generated pages: they list everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from docutils import nodes
from sphinx.util.osutil import relative_uri

from kb.core.french import NBSP, number
from kb.core.nodes import skip_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Item = TypeVar("Item")
PAGER_LABEL = "Pages"  # what a screen reader announces for every pager


@dataclass(frozen=True)
class Pagination:
    """One list in pages: where its first page is, where the others go, how
    many entries it has and how many a page shows."""

    first: str  # the page holding the list: page 1
    folder: str  # pages 2… are ``folder/2``, ``folder/3``…
    count: int  # entries in the whole list
    size: int  # entries per page (0 or less: all on page 1)
    anchor: str = ""  # where the list starts on its first page

    @property
    def total(self) -> int:
        """How many pages the list has (at least one, even when empty)."""
        return max(1, -(-self.count // self.size)) if self.size > 0 else 1

    def pagename(self, page: int) -> str:
        return self.first if page == 1 else f"{self.folder}/{page}"

    def bounds(self, page: int) -> tuple[int, int]:
        """The first and last entries of *page*, counted from 1."""
        if self.size <= 0:
            return 1, self.count
        return (page - 1) * self.size + 1, min(page * self.size, self.count)

    def slice(self, items: Sequence[Item], page: int) -> list[Item]:
        """The entries of *items* that *page* shows."""
        first, last = self.bounds(page)
        return list(items[first - 1:last])


def folder_beside(docname: str, name: str) -> str:
    """Where the pages 2… of a list on *docname* go: a folder named after the
    page (``auteurs`` → ``auteurs/personnes``), or beside an ``index``."""
    if docname == "index" or docname.endswith("/index"):
        parent = docname[:-len("index")].rstrip("/")
        return f"{parent}/{name}" if parent else name
    return f"{docname}/{name}"


class pager_nav(nodes.General, nodes.Element):
    """The pager: ``<nav aria-label="Pages">`` on the web, nothing elsewhere."""


class current_page(nodes.Inline, nodes.TextElement):
    """The number of the page the reader is on (``aria-current="page"``)."""


def visit_pager_nav_html(self: nodes.NodeVisitor, node: pager_nav) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<nav class="{classes}" aria-label="{PAGER_LABEL}">\n')  # type: ignore[attr-defined]


def depart_pager_nav_html(self: nodes.NodeVisitor, node: pager_nav) -> None:
    self.body.append("</nav>\n")  # type: ignore[attr-defined]


def visit_current_page_html(self: nodes.NodeVisitor, node: current_page) -> None:
    self.body.append('<strong aria-current="page">')  # type: ignore[attr-defined]


def depart_current_page_html(self: nodes.NodeVisitor, node: current_page) -> None:
    self.body.append("</strong>")  # type: ignore[attr-defined]


def pager(app: Sphinx, fromdoc: str, pagination: Pagination, current: int,
          classes: Sequence[str] = ()) -> pager_nav:
    """« Page 2 sur 5 : 1 2 3 4 5 · Précédente · Suivante », from page *current*
    of *pagination* (shown as *fromdoc*) to its other pages."""
    total = pagination.total
    box = pager_nav(classes=["kb-pages", *classes])
    paragraph = nodes.paragraph("", f"Page {number(current)} sur {number(total)}{NBSP}: ")
    box += paragraph

    def to(page: int, text: str, link_classes: list[str]) -> nodes.Node:
        uri = relative_uri(app.builder.get_target_uri(fromdoc),
                           app.builder.get_target_uri(pagination.pagename(page)))
        if page == 1 and pagination.anchor:
            uri = f"{uri}#{pagination.anchor}"
        return nodes.reference("", text, refuri=uri, internal=True, classes=link_classes)

    for page in range(1, total + 1):
        if page > 1:
            paragraph += nodes.Text(" ")
        paragraph += current_page("", number(page)) if page == current else to(page, number(page), ["kb-page"])
    if current > 1:
        paragraph += nodes.Text(" · ")
        paragraph += to(current - 1, "Précédente", ["kb-page-precedente"])
    if current < total:
        paragraph += nodes.Text(" · ")
        paragraph += to(current + 1, "Suivante", ["kb-page-suivante"])
    return box


def page_range(pagination: Pagination, page: int, singular: str, plural: str) -> nodes.paragraph:
    """« Noms 101 à 200 sur 1 000 » (« Nom 201 sur 201 » alone on its page), under a pager."""
    first, last = pagination.bounds(page)
    count = number(pagination.count)
    text = (f"{singular} {number(first)} sur {count}" if first == last
            else f"{plural} {number(first)} à {number(last)} sur {count}")
    return nodes.paragraph("", text, classes=["kb-pages-etendue"])


def setup_pagination(app: Sphinx) -> None:
    # The pager exists on the web only (the books list everything).
    others = {fmt: (skip_node, None) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(pager_nav, html=(visit_pager_nav_html, depart_pager_nav_html), **others)
    app.add_node(current_page, html=(visit_current_page_html, depart_current_page_html), **others)
