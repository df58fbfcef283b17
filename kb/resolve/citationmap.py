"""The citation map page (``{kb-carte}``): who cites what, as pictures (inline
SVG on the web, PDF in the book) and as lists.

« Qui cite quoi », one line per testimonial, is the list that grows with the
knowledge base: on the web the map shows its newest ``kb_index_page_size``
lines and a pager to the pages 2… generated beside it
(``carte/qui-cite-quoi/2.html``, :mod:`kb.write.citationmappages`); the
books list every testimonial."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.config import EXPORT_PATH
from kb.core.domain import domain_of, may_hold
from kb.core.editions import is_ebook, is_web, write_beside
from kb.core.french import NARROW_NBSP, NBSP, french_sort_key, number, plural
from kb.core.graph import counts, glossary_entries, sorted_testimonials, targets_by_testimonial
from kb.core.incremental import register_for_placeholder
from kb.core.links import href, link_or_text
from kb.core.nodes import inline_svg, map_placeholder, placeholder_directive
from kb.resolve.pagination import Pagination, folder_beside, page_range, pager
from kb.resolve.svg import terms_bars, theses_grid

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WHO_CITES_WHAT = "qui-cite-quoi"  # the list's anchor on the map, and the folder of its pages 2…


def _picture(app: Sphinx, docname: str, svg: str, name: str, alt: str) -> nodes.Node:
    if is_web(app):
        return inline_svg(svg=svg)
    if is_ebook(app):
        # A picture file: Sphinx's EPUB manifest does not declare the pages that hold inline SVG.
        write_beside(app, f"{name}.svg").write_text(svg, encoding="utf-8")
        uri = relative_uri(app.builder.get_target_uri(docname), f"{name}.svg")
        return nodes.image(uri=uri, alt=alt, candidates={"*": uri})
    if app.builder.format == "latex":
        import cairosvg  # only the PDF edition needs it

        pdf = write_beside(app, f"{name}.pdf")
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


def who_cites_what_pagination(app: Sphinx, holder: str) -> Pagination:
    """« Qui cite quoi » on the map page *holder*, in pages of ``kb_index_page_size``
    testimonials (pages 2… in ``carte/qui-cite-quoi/``)."""
    return Pagination(first=holder, folder=folder_beside(holder, WHO_CITES_WHAT),
                      count=len(sorted_testimonials(app.env)), size=app.config.kb_index_page_size,
                      anchor=WHO_CITES_WHAT)


def _who_cites_what_list(app: Sphinx, fromdoc: str, items: list[tuple[str, dict[str, Any]]]) -> nodes.Element:
    """One line per testimonial: « Titre — thèses : 1, 22 ; termes : écosystème »."""
    env = app.env
    entries = glossary_entries(env)
    cited = targets_by_testimonial(env)
    table = nodes.bullet_list(classes=["kb-qui-cite-quoi"])
    for target, meta in items:
        targets = cited.get(target, ())
        # Theses by number (« 6, 35 », not « 35, 6 »), terms in French order (« Écosystème » with the E's).
        theses = ", ".join(sorted((e for k, e in targets if k == "these"), key=lambda e: e.zfill(3))) or "aucune"
        terms = ", ".join(sorted((entries[e]["term"] if e in entries else e for k, e in targets if k == "term"),
                                 key=french_sort_key)) or "aucun"
        paragraph = nodes.paragraph("", "", link_or_text(app, fromdoc, target, "", meta.get("title", target)),
                                    nodes.Text(f" — thèses{NBSP}: {theses}{NARROW_NBSP}; termes{NBSP}: {terms}"))
        table += nodes.list_item("", paragraph)
    return table


def who_cites_what(app: Sphinx, fromdoc: str, holder: str, page: int = 1) -> list[nodes.Node]:
    """Page *page* of « Qui cite quoi » (shown as *fromdoc*), newest first: on
    the web, then the pager and « Témoignages 101 à 200 sur 1 000 » when the
    list has more than one page; the books list every testimonial."""
    items = sorted_testimonials(app.env)
    if not items:
        return [nodes.paragraph("", "Aucun témoignage pour l’instant.")]
    if not is_web(app):
        return [_who_cites_what_list(app, fromdoc, items)]
    pagination = who_cites_what_pagination(app, holder)
    result: list[nodes.Node] = [_who_cites_what_list(app, fromdoc, pagination.slice(items, page))]
    if pagination.total > 1:
        result += [pager(app, fromdoc, pagination, page),
                   page_range(pagination, page, "Témoignage", "Témoignages")]
    return result


def who_cites_what_page(app: Sphinx, pagename: str, holder: str, page: int) -> list[nodes.Node]:
    """What a page 2… of « Qui cite quoi » shows under its title."""
    lead = nodes.paragraph("", "Suite de la page ", classes=["kb-pages-chapeau"])
    title = app.env.titles[holder].astext() if holder in app.env.titles else "Carte des citations"
    lead += link_or_text(app, pagename, holder, WHO_CITES_WHAT, title)
    lead += nodes.Text(f"{NBSP}: les thèses et les termes du glossaire que cite chaque témoignage, "
                       "du plus récent au plus ancien.")
    return [lead, *who_cites_what(app, pagename, holder, page)]


def render_map(app: Sphinx, docname: str) -> list[nodes.Node]:
    env = app.env
    domain = domain_of(env)
    thesis_counts, term_counts = counts(env)
    entries = glossary_entries(env)
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

    # On the web, the anchor that the pages 2… link back to.
    result += [nodes.rubric("", "Qui cite quoi", ids=[WHO_CITES_WHAT] if is_web(app) else []),
               *who_cites_what(app, docname, docname)]
    if is_web(app):
        uri = relative_uri(app.builder.get_target_uri(docname), EXPORT_PATH)
        result.append(nodes.paragraph("", "", nodes.reference(
            "", "Télécharger le graphe des citations (JSON)", refuri=uri, classes=["kb-export"])))
    return result


def resolve_maps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app, docname, "map"):
        return
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
