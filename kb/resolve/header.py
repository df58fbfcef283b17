"""A testimonial's header fields (author, role, organisation, date, source,
themes, reading time, identifier), from its front matter, made when the page
is written: the doctree keeps one placeholder (:mod:`kb.read.testimonials`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.domain import domain_of, may_hold
from kb.core.french import french_date
from kb.core.nodes import fields_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def render_fields(meta: dict[str, Any]) -> nodes.field_list:
    fields = nodes.field_list(classes=["kb-fiche"])

    def add(name: str, *body: nodes.Node) -> None:
        paragraph = nodes.paragraph("", "", *body)
        fields.append(nodes.field("", nodes.field_name("", name), nodes.field_body("", paragraph)))

    if meta.get("auteur"):
        add("Auteur", nodes.Text(meta["auteur"]))
    if meta.get("role"):
        add("Fonction", nodes.Text(meta["role"]))
    if meta.get("organisation"):
        add("Organisation", nodes.Text(meta["organisation"]))
    add("Date", nodes.Text(french_date(meta.get("date"))))
    if meta.get("source"):
        add("Source", nodes.reference(meta["source"], meta["source"], refuri=meta["source"]))
    if meta.get("themes"):
        add("Thèmes", nodes.Text(", ".join(meta["themes"])))
    add("Lecture", nodes.Text(f"{meta['minutes']} min"))
    if meta.get("identifiant"):
        add("Identifiant", nodes.literal("", meta["identifiant"]))
    return fields


def resolve_fields(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill the header of each testimonial *doctree* holds
    (a book holds them all; the placeholder names its page)."""
    testimonials = domain_of(app.env).testimonials
    if docname not in testimonials and not may_hold(app, docname, "fields"):
        return
    for node in list(doctree.findall(fields_placeholder)):
        node.replace_self(render_fields(testimonials[node["page"]]))


def setup_header(app: Sphinx) -> None:
    # First of the resolvers: the header is part of the page as its author wrote it.
    app.connect("doctree-resolved", resolve_fields, priority=400)
