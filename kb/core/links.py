"""Links between pages, for every builder.

LaTeX resolves one assembled book: a page that is not part of it raises
``NoUri``. Every renderer asks here, so that case is handled once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def link(app: Sphinx, fromdoc: str, todoc: str, anchor: str, content: nodes.Node,
         title: str | None = None) -> nodes.Node | None:
    """A reference from *fromdoc* to *anchor* in *todoc*, or None when *todoc*
    is not part of this output."""
    try:
        return make_refnode(app.builder, fromdoc, todoc, anchor, content, title)
    except NoUri:
        return None


def link_or_text(app: Sphinx, fromdoc: str, todoc: str, anchor: str, text: str) -> nodes.Node:
    """A link whose text is *text*, or the plain text when *todoc* is not in this output."""
    return link(app, fromdoc, todoc, anchor, nodes.inline("", text), text) or nodes.Text(text)


def href(app: Sphinx, fromdoc: str, todoc: str, anchor: str = "") -> str | None:
    """The relative address of *anchor* in *todoc* from *fromdoc*, or None."""
    try:
        uri = app.builder.get_relative_uri(fromdoc, todoc)
    except NoUri:
        return None
    return f"{uri}#{anchor}" if anchor else uri
