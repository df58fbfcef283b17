"""Placeholder nodes: written at read time, replaced at resolve time with
content that depends on other pages (backlinks, catalog), so that content is
always rebuilt from the current state of the whole site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class citedin_placeholder(nodes.General, nodes.Element):
    """Where the « Cité dans » list of a thesis or a glossary term goes."""

    def __init__(self, *, kind: str, target: str) -> None:
        super().__init__("", kind=kind, target=target)


class catalog_placeholder(nodes.General, nodes.Element):
    """Where a list of testimonials (cards on the web, a list in the PDF) goes."""

    def __init__(self, *, layout: str = "cards") -> None:
        super().__init__("", layout=layout)


def visit_placeholder(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    # Placeholders never survive resolution; reaching a writer is a bug.
    raise nodes.SkipNode


class map_placeholder(nodes.General, nodes.Element):
    """Where the citation map goes."""


class fields_placeholder(nodes.General, nodes.Element):
    """Where a testimonial's header lists its front matter (author, role, date…)."""


class cites_placeholder(nodes.General, nodes.Element):
    """Where a testimonial lists the theses and terms it cites."""


class related_placeholder(nodes.General, nodes.Element):
    """Where a testimonial lists the testimonials closest to it."""


class facets_placeholder(nodes.General, nodes.Element):
    """Where the catalog's facet chips go."""


class people_placeholder(nodes.General, nodes.Element):
    """Where the index of authors and organisations goes."""


class inline_svg(nodes.General, nodes.Element):
    """A picture written into HTML as inline SVG (links and titles work).

    The SVG is an attribute, not a child text: the search indexer does not
    read it, so the map's labels do not pollute the search results.
    """


def visit_inline_svg_html(self: nodes.NodeVisitor, node: inline_svg) -> None:
    self.body.append(f'<figure class="kb-carte">{node["svg"]}</figure>\n')
    raise nodes.SkipNode


class page_ref(nodes.Inline, nodes.Element):
    """The page number of a target, closing an entry of a list in the PDF
    (the web has links only)."""


def pdf_page_ref(docname: str, anchor: str = "") -> page_ref:
    """A :class:`page_ref` to *anchor* in *docname* (to the page itself if empty),
    named as Sphinx's LaTeX writer names its labels."""
    return page_ref("", target=f"{docname}:{anchor}" if anchor else f"{docname}::doc")


def visit_page_ref_latex(self: Any, node: page_ref) -> None:
    self.body.append(rf"\kbpageref{{{self.idescape(node['target'])}}}")
    raise nodes.SkipNode


def skip_node(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def placeholder_directive(kind: str, node_class: type[nodes.Element],
                          options: dict[str, Callable[[str], Any]] | None = None) -> type[SphinxDirective]:
    """A directive that leaves a *node_class* placeholder and records that its
    page holds one of *kind* (the page is then rewritten when that data changes).
    Its *options* become attributes of the placeholder."""

    class PlaceholderDirective(SphinxDirective):
        option_spec = options or {}

        def run(self) -> list[nodes.Node]:
            self.env.get_domain("kb").note_placeholder(self.env.docname, kind)  # type: ignore[attr-defined]
            node = node_class()
            for name, value in self.options.items():
                node[name] = value
            self.set_source_info(node)
            return [node]

    PlaceholderDirective.__name__ = f"{node_class.__name__}_directive"
    return PlaceholderDirective


PLACEHOLDERS = (citedin_placeholder, catalog_placeholder, map_placeholder, fields_placeholder, cites_placeholder,
                related_placeholder, facets_placeholder, people_placeholder)
OTHER_FORMATS = ("text", "man", "texinfo")


def setup_nodes(app: Any) -> None:
    for node in PLACEHOLDERS:
        app.add_node(node, **{fmt: (visit_placeholder, None) for fmt in ("html", "latex", *OTHER_FORMATS)})
    app.add_node(inline_svg, html=(visit_inline_svg_html, None),
                 **{fmt: (visit_placeholder, None) for fmt in ("latex", *OTHER_FORMATS)})
    app.add_node(page_ref, latex=(visit_page_ref_latex, None),
                 **{fmt: (skip_node, None) for fmt in ("html", *OTHER_FORMATS)})
