"""Facets of the catalog: the values (theme, organisation, cited thesis,
glossary entry) and their testimonials, the chips that link to one page per
value, and the classes that let the chips filter the catalog's cards in
place (with JavaScript). The facet pages themselves are written by
:mod:`kb.write.facetpages`.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.cache import cached
from kb.core.config import FACETS_FOLDER
from kb.core.domain import domain_of, may_hold
from kb.core.editions import add_web_assets, is_web
from kb.core.french import fold, number
from kb.core.graph import sorted_testimonials, targets_by_testimonial
from kb.core.incremental import register_for_placeholder
from kb.core.nodes import facets_placeholder, placeholder_directive

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FACETS = {  # key -> (URL folder, heading, label of one value)
    "theme": ("themes", "Par thème", "Thème : {}"),
    "organisation": ("organisations", "Par organisation", "Organisation : {}"),
    "these": ("theses", "Par thèse citée", "Thèse {} citée"),
    "terme": ("termes", "Par terme du glossaire", "« {} » dans les témoignages"),
}


def slug(value: str) -> str:
    """A URL-safe name for a facet value (thesis numbers stay numbers)."""
    return value if value.isdigit() else (nodes.make_id(value) or "sans-nom")


@cached
def facet_values(env: BuildEnvironment) -> dict[str, dict[str, list[str]]]:
    """facet -> value -> testimonials (newest first)."""
    cited = targets_by_testimonial(env)
    values: dict[str, dict[str, list[str]]] = {key: defaultdict(list) for key in FACETS}
    for docname, meta in sorted_testimonials(env):
        for theme in meta.get("themes", []):
            values["theme"][theme].append(docname)
        if meta.get("organisation"):
            values["organisation"][meta["organisation"]].append(docname)
        for kind, target in sorted(cited.get(docname, ()), key=lambda t: (t[0], t[1].zfill(3))):
            values["these" if kind == "these" else "terme"][target].append(docname)
    return {key: dict(found) for key, found in values.items()}


def facet_page(env: BuildEnvironment, key: str, value: str) -> str:
    """The pagename of the facet page of *value* (``temoignages/facettes/themes/x``)."""
    return f"{env.config.kb_testimonials_dir.strip('/')}/{FACETS_FOLDER}/{FACETS[key][0]}/{slug(value)}"


def _sort_key(key: str, value: str) -> Any:
    return int(value) if key == "these" else fold(value)


def label(env: BuildEnvironment, key: str, value: str) -> str:
    """How a facet value reads: a glossary entry by its term as the glossary writes it."""
    if key == "terme":
        term = domain_of(env).terms.get(value)
        return term["term"] if term else value
    return f"thèse {value}" if key == "these" else value


def resolve_facets(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app, docname, "facets"):
        return
    placeholders = list(doctree.findall(facets_placeholder))
    if not placeholders:
        return
    if not is_web(app):
        for node in placeholders:
            node.replace_self([])
        return
    values = facet_values(app.env)
    parts = ['<nav class="kb-facettes" aria-label="Filtrer les témoignages">']
    for key, (_, heading, _label) in FACETS.items():
        if not values[key]:
            continue
        parts.append(f'<p class="kb-facette-titre">{escape(heading)}</p><ul class="kb-chips">')
        for value in sorted(values[key], key=lambda v: _sort_key(key, v)):
            href = app.builder.get_relative_uri(docname, facet_page(app.env, key, value))
            text = label(app.env, key, value)
            parts.append(f'<li><a class="kb-chip" href="{escape(href)}" data-facette="{key}" '
                         f'data-valeur="{escape(slug(value))}">{escape(text)} '
                         f'<span class="kb-chip-nombre">{number(len(values[key][value]))}</span></a></li>')
        parts.append("</ul>")
    parts.append("</nav>")
    for node in placeholders:
        node.replace_self(nodes.raw("", "\n".join(parts), format="html"))


def card_classes(env: BuildEnvironment, docname: str) -> list[str]:
    """Classes that let the chips filter a card: one per facet value."""
    meta = domain_of(env).testimonials.get(docname, {})
    classes = [f"kb-f-theme-{slug(t)}" for t in meta.get("themes", [])]
    if meta.get("organisation"):
        classes.append(f"kb-f-organisation-{slug(meta['organisation'])}")
    classes += [f"kb-f-these-{target}" if kind == "these" else f"kb-f-terme-{slug(target)}"
                for kind, target in sorted(targets_by_testimonial(env).get(docname, ()))]
    return classes


@register_for_placeholder("facets")
def facets_inputs(env: BuildEnvironment) -> str:
    """The chips show every facet value and its count."""
    return repr({key: {v: len(d) for v, d in values.items()} for key, values in facet_values(env).items()})


def setup_facets(app: Sphinx) -> None:
    add_web_assets(app, scripts=("kb-facettes.js",))
    app.add_directive("kb-facettes", placeholder_directive("facets", facets_placeholder))
    app.connect("doctree-resolved", resolve_facets)
