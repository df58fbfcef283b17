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
from kb.core.editions import is_web
from kb.core.french import byline, french_date, number
from kb.core.graph import sorted_testimonials
from kb.core.incremental import register_for_placeholder
from kb.core.links import link
from kb.core.nodes import catalog_placeholder, pdf_page_ref, placeholder_directive
from kb.resolve.facets import card_classes

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


def catalog_pages(app: Sphinx) -> int:
    """How many pages the web catalog has (``kb_catalog_page_size`` cards each)."""
    size = app.config.kb_catalog_page_size
    count = len(sorted_testimonials(app.env))
    return max(1, -(-count // size)) if size > 0 else 1


def catalog_page(app: Sphinx, page: int) -> str:
    """The pagename of page *page* of the catalog (page 1 is the catalog itself)."""
    folder = app.config.kb_testimonials_dir.strip("/")
    return f"{folder}/index" if page == 1 else f"{folder}/{CATALOG_FOLDER}/{page}"


def page_items(app: Sphinx, page: int) -> list[tuple[str, dict[str, Any]]]:
    size = app.config.kb_catalog_page_size
    items = sorted_testimonials(app.env)
    return items[(page - 1) * size:page * size] if size > 0 else items


def pager(app: Sphinx, fromdoc: str, current: int) -> nodes.Element:
    """« Page 2 sur 5 : 1 2 3 4 5 · Précédente · Suivante », links to the catalog's other pages."""
    total = catalog_pages(app)
    box = nodes.container(classes=["kb-catalogue-pages"])
    paragraph = nodes.paragraph("", f"Page {number(current)} sur {number(total)} : ")
    box += paragraph

    def to(page: int, text: str, classes: list[str]) -> nodes.Node:
        uri = relative_uri(app.builder.get_target_uri(fromdoc), app.builder.get_target_uri(catalog_page(app, page)))
        return nodes.reference("", text, refuri=uri, internal=True, classes=classes)

    for page in range(1, total + 1):
        if page > 1:
            paragraph += nodes.Text(" ")
        paragraph += nodes.strong("", number(page)) if page == current else to(page, number(page), ["kb-page"])
    if current > 1:
        paragraph += nodes.Text(" · ")
        paragraph += to(current - 1, "Précédente", ["kb-page-precedente"])
    if current < total:
        paragraph += nodes.Text(" · ")
        paragraph += to(current + 1, "Suivante", ["kb-page-suivante"])
    return box


def resolve_catalogs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill the catalog placeholders of *docname*.

    On the web, a catalog without ``:limite:`` shows its first
    ``kb_catalog_page_size`` cards and links to the next pages
    (:mod:`kb.write.catalogpages`): no page grows with the knowledge base.
    The books list every testimonial.
    """
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
        elif not limit and catalog_pages(app) > 1:
            items = page_items(app, 1)
            extra.append(pager(app, docname, 1))
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
