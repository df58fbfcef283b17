"""« Cité dans »: under each thesis and glossary entry, the testimonials
citing it, with the sentence and a link to the place.

Rendered at resolve time from the citations in the ``kb`` domain; the pages
whose lists change are handed back to Sphinx (:mod:`kb.core.incremental`),
so an incremental build rewrites them and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.domain import domain_of, may_hold
from kb.core.editions import is_web
from kb.core.french import number, plural
from kb.core.graph import citations_by_target
from kb.core.incremental import register
from kb.core.links import link
from kb.core.nodes import citedin_placeholder, pdf_page_ref
from kb.resolve.facets import facet_page, label

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def citing(env: BuildEnvironment, kind: str, targets: set[str]) -> list[dict[str, Any]]:
    """The citations of *targets*, one entry per citing place, in page order."""
    index = citations_by_target(env)
    entries = [entry for target in targets for entry in index.get((kind, target), [])]
    return sorted(entries, key=lambda e: (e["docname"], e["position"]))


def render_citedin(app: Sphinx, fromdocname: str, entries: list[dict[str, Any]]) -> nodes.Element:
    box = nodes.container(classes=["kb-cite-dans"])
    if not entries:
        box += nodes.paragraph("", "Cité dans aucun témoignage pour l’instant.",
                               classes=["kb-cite-dans-vide"])
        return box
    box += nodes.paragraph("", "Cité dans :", classes=["kb-cite-dans-titre"])
    items = nodes.bullet_list()
    for entry in entries:
        # No title attribute: it would repeat the link's text (read twice
        # by screen readers, 100 bytes per entry on the theses page).
        ref = link(app, fromdocname, entry["docname"], entry["anchor"], nodes.emphasis("", entry["title"]))
        if ref is None:  # not part of this output
            continue
        paragraph = nodes.paragraph("", "", ref)
        if entry["byline"]:
            paragraph += nodes.Text(f" ({entry['byline']})")
        paragraph += nodes.Text(" : ")
        paragraph += nodes.inline("", f"« {entry['excerpt']} »", classes=["kb-extrait"])
        if app.builder.format == "latex":
            paragraph += pdf_page_ref(entry["docname"], entry["anchor"])
        items += nodes.list_item("", paragraph)
    box += items
    return box


def placeholder_targets(node: citedin_placeholder) -> set[str]:
    return set(node["target"].split("\n"))


def resolve_citedin(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill every « Cité dans » slot of *docname*.

    On the web, a list stops after ``kb_citedin_limit`` citations and links
    to the facet page of the thesis or glossary entry, which lists every
    testimonial citing it: with thousands of testimonials the theses page
    and the glossary would otherwise weigh megabytes. The PDF, a book,
    keeps every citation.
    """
    limit = app.config.kb_citedin_limit
    if not may_hold(app, docname, "citedin"):
        return
    for placeholder in list(doctree.findall(citedin_placeholder)):
        kind, targets = placeholder["kind"], placeholder_targets(placeholder)
        entries = citing(app.env, kind, targets)
        capped = is_web(app) and 0 < limit < len(entries)
        box = render_citedin(app, docname, entries[:limit] if capped else entries)
        if capped:
            box += _more_link(app, docname, kind, min(targets), entries, len(entries) - limit)
        placeholder.replace_self(box)


def _more_link(app: Sphinx, docname: str, kind: str, target: str, entries: list[dict[str, Any]],
               hidden: int) -> nodes.paragraph:
    """« … et 40 autres citations. Les 53 témoignages qui citent … » (the facet page)."""
    if kind == "these":
        page, what = facet_page(app.env, "these", target), f"la thèse {target}"
    else:
        entry = domain_of(app.env).entry_of("term", target)
        page, what = facet_page(app.env, "terme", entry), f"« {label(app.env, 'terme', entry)} »"
    uri = relative_uri(app.builder.get_target_uri(docname), page + app.builder.out_suffix)
    testimonials = len({e["docname"] for e in entries})
    return nodes.paragraph(
        "", "", nodes.Text(f"… et {plural(hidden, 'autre citation', 'autres citations')}. "),
        nodes.reference("", f"Les {number(testimonials)} témoignages qui citent {what}" if testimonials > 1
                        else f"Le témoignage qui cite {what}", refuri=uri, internal=True),
        classes=["kb-cite-dans-suite"])


# --- incremental builds ------------------------------------------------------

@register
def citation_inputs(env: BuildEnvironment) -> dict[str, Any]:
    """What each page shows of the citations: « Cité dans » lists, cited theses' titles."""
    domain = domain_of(env)
    by_target = citations_by_target(env)
    defined: dict[str, list[tuple[str, str]]] = {}
    for thesis in domain.theses.values():
        defined.setdefault(thesis["docname"], []).append(("these", str(thesis["number"])))
    for (objtype, name), (docname, _anchor) in env.get_domain("std").objects.items():
        if objtype == "term":
            defined.setdefault(docname, []).append(("term", name.lower()))
    inputs: dict[str, Any] = {}
    for docname, kinds in domain.placeholders.items():
        if "citedin" in kinds:
            inputs[docname] = sorted((key, [tuple(sorted(e.items())) for e in by_target.get(key, [])])
                                     for key in defined.get(docname, []))
    # A citing page shows each cited thesis's title (in the link's tooltip).
    for docname, found in domain.citations.items():
        titles = sorted({(c["target"], domain.theses.get(int(c["target"]), {}).get("title"))
                         for c in found if c["kind"] == "these"})
        inputs[docname] = (inputs.get(docname), titles)
    return inputs


def setup_citedin(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_citedin)
