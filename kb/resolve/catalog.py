"""The catalog of testimonials (``{temoignages}``): cards on the web, a list
with page numbers in the PDF, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri
from sphinx_design.shared import PassthroughTextElement, create_component

from kb.core.config import CATALOG_FOLDER, FEED_PATH
from kb.core.domain import may_hold
from kb.core.editions import is_web
from kb.core.french import byline, french_date, number
from kb.core.graph import sorted_testimonials
from kb.core.incremental import register_for_placeholder
from kb.core.links import link
from kb.core.nodes import catalog_placeholder, pdf_page_ref, placeholder_directive
from kb.resolve.facets import card_classes
from kb.resolve.pagination import Pagination, pager

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _card(ref: nodes.Node, meta: dict[str, Any]) -> nodes.Element:
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3",
                                     "sd-shadow-sm", "sd-card-hover", "kb-carte"])
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    title += nodes.Text(meta.get("title", ""))
    body += title
    body += nodes.paragraph("", byline(meta), classes=["sd-card-text"])
    if meta.get("resume"):
        body += nodes.paragraph("", meta["resume"], classes=["sd-card-text"])
    body += nodes.paragraph("", f"{french_date(meta.get('date'))} · {meta['minutes']} min de lecture",
                            classes=["sd-card-text", "kb-carte-date"])
    card += body
    card += PassthroughTextElement("", "", ref)
    return card


def card_grid(app: Sphinx, fromdoc: str, items: list[tuple[str, dict[str, Any]]]) -> nodes.Element:
    """The cards of *items*, linked from *fromdoc* (a page or a generated catalog page)."""
    row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-1",
                                        "sd-row-cols-md-2", "sd-g-3"])
    grid = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])
    grid += row
    for target, meta in items:
        ref = link(app, fromdoc, target, "", nodes.inline("", meta["title"]), meta["title"])
        if ref is None:  # not part of this output
            continue
        ref["classes"] = ["sd-stretched-link", "sd-hide-link-text"]
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row", "kb-carte-col",
                                                *card_classes(app.env, target)])
        column += _card(ref, meta)
        row += column
    return grid


def book_list(app: Sphinx, fromdoc: str, items: list[tuple[str, dict[str, Any]]]) -> nodes.Element:
    """The books' catalog (PDF, EPUB): a list with page numbers in the PDF."""
    result = nodes.bullet_list()
    for target, meta in items:
        ref = link(app, fromdoc, target, "", nodes.emphasis("", meta["title"]))
        if ref is None:  # a PDF without the page
            continue
        result += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f", {byline(meta)}"),
                                                      pdf_page_ref(target)))
    return result


def catalog_pagination(app: Sphinx) -> Pagination:
    """The web catalog in pages of ``kb_catalog_page_size`` cards: page 1 is
    the catalog itself, pages 2… are ``temoignages/catalogue/2``…"""
    folder = app.config.kb_testimonials_dir.strip("/")
    return Pagination(first=f"{folder}/index", folder=f"{folder}/{CATALOG_FOLDER}",
                      count=len(sorted_testimonials(app.env)), size=app.config.kb_catalog_page_size)


def catalog_pager(app: Sphinx, fromdoc: str, current: int) -> nodes.Element:
    """The pager of the catalog (its class is what the facet chips look for)."""
    return pager(app, fromdoc, catalog_pagination(app), current, ["kb-catalogue-pages"])


def resolve_catalogs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill the catalog placeholders of *docname*.

    On the web, a catalog without ``:limite:`` shows its first
    ``kb_catalog_page_size`` cards and links to the next pages
    (:mod:`kb.write.catalogpages`): no page grows with the knowledge base.
    The books list every testimonial.
    """
    if not may_hold(app, docname, "catalog"):
        return
    for placeholder in list(doctree.findall(catalog_placeholder)):
        items = sorted_testimonials(app.env)
        if not items:
            placeholder.replace_self(nodes.paragraph("", "Aucun témoignage pour l’instant."))
            continue
        if not is_web(app):
            placeholder.replace_self(book_list(app, docname, items))
            continue
        limit = placeholder.get("limite")
        extra: list[nodes.Node] = []
        if limit and len(items) > limit:
            items = items[:limit]
            more = _more_testimonials(app, docname, len(sorted_testimonials(app.env)))
            extra += [more] if more is not None else []
        elif not limit and (pagination := catalog_pagination(app)).total > 1:
            items = pagination.slice(items, 1)
            extra.append(catalog_pager(app, docname, 1))
        extra.append(_feed_link(app, docname))
        placeholder.replace_self([card_grid(app, docname, items), *extra])


def _feed_link(app: Sphinx, docname: str) -> nodes.paragraph:
    """« S’abonner aux nouveaux témoignages », under every catalog of the site."""
    uri = relative_uri(app.builder.get_target_uri(docname), FEED_PATH)
    return nodes.paragraph("", "", nodes.reference("", "S’abonner aux nouveaux témoignages (flux Atom)", refuri=uri,
                                                   classes=["kb-flux"]), classes=["kb-flux-lien"])


def _more_testimonials(app: Sphinx, docname: str, count: int) -> nodes.paragraph | None:
    """« Tous les N témoignages », under a catalog cut by ``:limite:``."""
    catalog = f"{app.config.kb_testimonials_dir}/index"
    if catalog == docname:
        return None
    ref = link(app, docname, catalog, "", nodes.Text(f"Tous les {number(count)} témoignages"))
    return nodes.paragraph("", "", ref, classes=["kb-catalogue-suite"]) if ref is not None else None


@register_for_placeholder("catalog")
def catalog_inputs(env: BuildEnvironment) -> str:
    """Pages holding a catalog show every testimonial's metadata."""
    return repr(sorted_testimonials(env))


def setup_catalog(app: Sphinx) -> None:
    # :limite: N shows the N newest testimonials and a link to all of them
    # (the home page stays small whatever the size of the knowledge base).
    app.add_directive("temoignages", placeholder_directive("catalog", catalog_placeholder,
                                                           {"limite": directives.positive_int}))
    app.connect("doctree-resolved", resolve_catalogs)
