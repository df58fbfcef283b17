"""``{kb-auteurs}``: the index of authors and organisations."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment import BuildEnvironment

from kb.core.domain import domain_of
from kb.core.french import french_date, french_sort_key
from kb.core.incremental import register_for_placeholder
from kb.core.links import link
from kb.core.nodes import people_placeholder, placeholder_directive

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def people(env: BuildEnvironment) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """author -> testimonials, organisation -> testimonials (French order)."""
    authors: dict[str, list[str]] = defaultdict(list)
    organisations: dict[str, list[str]] = defaultdict(list)
    for docname, meta in sorted(domain_of(env).testimonials.items()):
        if meta.get("auteur"):
            authors[meta["auteur"]].append(docname)
        if meta.get("organisation"):
            organisations[meta["organisation"]].append(docname)

    def ordered(groups: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: groups[k] for k in sorted(groups, key=french_sort_key)}

    return ordered(authors), ordered(organisations)


def _listing(app: Sphinx, fromdoc: str, groups: dict[str, list[str]], detail: str) -> nodes.Node:
    if not groups:  # an empty list is an error in LaTeX
        return nodes.paragraph("", "Aucune pour l’instant.")
    testimonials = domain_of(app.env).testimonials
    result = nodes.definition_list(classes=["kb-index-personnes"])
    for name, docnames in groups.items():
        items = nodes.bullet_list()
        for docname in docnames:
            meta = testimonials[docname]
            title = nodes.emphasis("", meta.get("title", docname))
            ref = link(app, fromdoc, docname, "", title) or title
            extra = meta.get(detail) or ""
            text = f" — {extra}, {french_date(meta.get('date'))}" if extra else f" — {french_date(meta.get('date'))}"
            items += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(text)))
        result += nodes.definition_list_item("", nodes.term("", name), nodes.definition("", items))
    return result


def resolve_people(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(people_placeholder)):
        authors, organisations = people(app.env)
        node.replace_self([
            nodes.rubric("", "Auteurs"), _listing(app, docname, authors, "organisation"),
            nodes.rubric("", "Organisations"), _listing(app, docname, organisations, "auteur"),
        ])


@register_for_placeholder("people")
def people_inputs(env: BuildEnvironment) -> str:
    """The index shows each testimonial's title, author, organisation and date."""
    return repr(sorted((d, m.get("title"), m.get("auteur"), m.get("organisation"), m.get("date"))
                       for d, m in domain_of(env).testimonials.items()))


def setup_people(app: Sphinx) -> None:
    app.add_directive("kb-auteurs", placeholder_directive("people", people_placeholder))
    app.connect("doctree-resolved", resolve_people)
