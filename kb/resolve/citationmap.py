"""The citation map page (``{kb-carte}``): who cites what, as pictures (inline
SVG on the web, PDF in the book) and as lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.config import EXPORT_PATH
from kb.core.domain import domain_of
from kb.core.editions import is_ebook, is_web
from kb.core.french import number, plural
from kb.core.graph import counts, glossary_entries, sorted_testimonials, targets_by_testimonial
from kb.core.incremental import register_for_placeholder
from kb.core.links import href, link_or_text
from kb.core.nodes import inline_svg, map_placeholder, placeholder_directive
from kb.resolve.svg import terms_bars, theses_grid

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _picture(app: Sphinx, docname: str, svg: str, name: str, alt: str) -> nodes.Node:
    if is_web(app):
        return inline_svg(svg=svg)
    if is_ebook(app):
        # A picture file: Sphinx's EPUB manifest does not declare the pages that hold inline SVG.
        Path(app.builder.outdir, f"{name}.svg").write_text(svg, encoding="utf-8")
        uri = relative_uri(app.builder.get_target_uri(docname), f"{name}.svg")
        return nodes.image(uri=uri, alt=alt, candidates={"*": uri})
    if app.builder.format == "latex":
        import cairosvg  # only the PDF edition needs it

        pdf = Path(app.builder.outdir, f"{name}.pdf")
        cairosvg.svg2pdf(bytestring=svg.encode("utf-8"), write_to=str(pdf))
        return nodes.image(uri=pdf.name, alt=alt, candidates={"*": pdf.name})
    return nodes.paragraph("", alt)


def _inline_list(app: Sphinx, fromdoc: str, items: list[tuple[str, str, str]], empty: str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    if not items:
        paragraph += nodes.Text(empty)
    for index, (todoc, anchor, text) in enumerate(items):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += link_or_text(app, fromdoc, todoc, anchor, text)
    return paragraph


def render_map(app: Sphinx, docname: str) -> list[nodes.Node]:
    env = app.env
    domain = domain_of(env)
    thesis_counts, term_counts = counts(env)
    entries = glossary_entries(env)
    cited = targets_by_testimonial(env)
    total = sum(len(c) for c in domain.citations.values())
    result: list[nodes.Node] = [nodes.paragraph("", (
        f"{plural(len(domain.testimonials), 'témoignage')}, {plural(total, 'citation')} : "
        f"{plural(len(thesis_counts), 'thèse')} sur {number(len(domain.theses))} et "
        f"{plural(len(term_counts), 'terme')} du glossaire sur {number(len(entries))} "
        "sont cités au moins une fois."))]

    titles = {n: t["title"] for n, t in domain.theses.items()}

    def to(target: str, anchor: str) -> str | None:
        # An e-book shows the map as a picture file, whose links would lead nowhere.
        return None if is_ebook(app) else href(app, docname, target, anchor)

    svg = theses_grid(thesis_counts, titles, lambda n: to(domain.theses[n]["docname"], domain.theses[n]["anchor"]))
    result += [nodes.rubric("", "Les thèses citées"),
               _picture(app, docname, svg, "kb-carte-theses", "Carte des thèses citées")]

    rows = sorted(entries.items(), key=lambda item: (-term_counts.get(item[0], 0), item[0]))
    svg = terms_bars([(e["term"], term_counts.get(key, 0), to(e["docname"], e["anchor"]))
                      for key, e in rows])
    result += [nodes.rubric("", "Les termes du glossaire employés"),
               _picture(app, docname, svg, "kb-carte-termes", "Termes du glossaire employés")]

    never = [(t["docname"], t["anchor"], f"thèse {n}") for n, t in sorted(domain.theses.items())
             if not thesis_counts.get(n)]
    unused = [(e["docname"], e["anchor"], e["term"]) for key, e in entries.items() if not term_counts.get(key)]
    result += [nodes.rubric("", f"Thèses jamais citées ({number(len(never))})"),
               _inline_list(app, docname, never, "Toutes les thèses sont citées."),
               nodes.rubric("", f"Termes jamais employés ({number(len(unused))})"),
               _inline_list(app, docname, unused, "Tous les termes sont employés.")]

    table = nodes.bullet_list()
    for target, meta in sorted_testimonials(env):
        targets = sorted(cited.get(target, ()))
        theses = ", ".join(e for k, e in targets if k == "these") or "aucune"
        terms = ", ".join(entries[e]["term"] if e in entries else e for k, e in targets if k == "term") or "aucun"
        paragraph = nodes.paragraph("", "", link_or_text(app, docname, target, "", meta.get("title", target)),
                                    nodes.Text(f" — thèses : {theses} ; termes : {terms}"))
        table += nodes.list_item("", paragraph)
    result += [nodes.rubric("", "Qui cite quoi"),
               table if len(table) else nodes.paragraph("", "Aucun témoignage pour l’instant.")]
    if is_web(app):
        uri = relative_uri(app.builder.get_target_uri(docname), EXPORT_PATH)
        result.append(nodes.paragraph("", "", nodes.reference(
            "", "Télécharger le graphe des citations (JSON)", refuri=uri, classes=["kb-export"])))
    return result


def resolve_maps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(map_placeholder)):
        placeholder.replace_self(render_map(app, docname))


@register_for_placeholder("map")
def map_inputs(env: BuildEnvironment) -> str:
    """The map shows every citation, testimonial, thesis and glossary entry."""
    domain = domain_of(env)
    return repr((
        sorted((doc, sorted(targets)) for doc, targets in targets_by_testimonial(env).items()),
        sorted((doc, meta.get("title"), meta.get("date")) for doc, meta in domain.testimonials.items()),
        sorted((n, t["title"], t["docname"], t["anchor"]) for n, t in domain.theses.items()),
        sorted((k, e["term"], e["docname"], e["anchor"]) for k, e in glossary_entries(env).items()),
        sum(len(c) for c in domain.citations.values()),
    ))


def setup_citationmap(app: Sphinx) -> None:
    app.add_directive("kb-carte", placeholder_directive("map", map_placeholder))
    app.connect("doctree-resolved", resolve_maps)
