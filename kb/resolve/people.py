"""``{kb-auteurs}``: the index of authors and organisations.

Two lists in alphabetical order, each name with its testimonials. On the
web each list shows its first ``kb_index_page_size`` names, then a pager to
the pages 2… generated beside the index (``auteurs/personnes/2.html``,
``auteurs/organisations/2.html``, :mod:`kb.write.peoplepages`), and an
organisation, which gathers more testimonials as the base grows, lists its
newest ``kb_index_testimonials_limit`` and links to its facet page: the index
stays the same size however many people testify. The books list everything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.domain import domain_of, may_hold
from kb.core.editions import is_web
from kb.core.french import NBSP, french_date, french_sort_key, plural
from kb.core.graph import sorted_testimonials
from kb.core.incremental import register_for_placeholder
from kb.core.links import link
from kb.core.nodes import people_placeholder, placeholder_directive
from kb.resolve.facets import facet_page
from kb.resolve.pagination import Pagination, folder_beside, page_range, pager

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Groups = dict[str, list[str]]  # name -> its testimonials' docnames


@dataclass(frozen=True)
class PeopleList:
    """One of the index's two lists."""

    title: str  # its heading, and the title of its pages 2…
    folder: str  # where its pages 2… go, beside the index
    anchor: str  # where it starts on the index
    detail: str  # what each of its testimonials adds: the other of author and organisation
    lead: str  # what the pages 2… say the list holds
    # The facet (kb.resolve.facets) whose page lists all the testimonials of a
    # name: on the web, a name lists only its newest ones before linking there.
    # A person testifies a few times; an organisation, ever more often.
    facet: str | None


AUTHORS = PeopleList("Auteurs", "personnes", "liste-des-auteurs", "organisation",
                     "les personnes qui ont témoigné", None)
ORGANISATIONS = PeopleList("Organisations", "organisations", "liste-des-organisations", "auteur",
                           "les organisations dont parlent les témoignages", "organisation")


def people(env: BuildEnvironment) -> tuple[Groups, Groups]:
    """author -> testimonials, organisation -> testimonials (French order)."""
    authors: Groups = defaultdict(list)
    organisations: Groups = defaultdict(list)
    for docname, meta in sorted(domain_of(env).testimonials.items()):
        if meta.get("auteur"):
            authors[meta["auteur"]].append(docname)
        if meta.get("organisation"):
            organisations[meta["organisation"]].append(docname)

    def ordered(groups: Groups) -> Groups:
        return {k: groups[k] for k in sorted(groups, key=french_sort_key)}

    return ordered(authors), ordered(organisations)


def people_lists(env: BuildEnvironment) -> list[tuple[PeopleList, Groups]]:
    """The index's lists, in the order it shows them, with their names."""
    return list(zip((AUTHORS, ORGANISATIONS), people(env), strict=True))


def people_pagination(app: Sphinx, index: str, which: PeopleList, groups: Groups) -> Pagination:
    """The list *which* of the index on page *index*, in pages of ``kb_index_page_size`` names."""
    return Pagination(first=index, folder=folder_beside(index, which.folder), count=len(groups),
                      size=app.config.kb_index_page_size, anchor=which.anchor)


def _listing(app: Sphinx, fromdoc: str, groups: Groups, which: PeopleList) -> nodes.Node:
    if not groups:  # an empty list is an error in LaTeX
        return nodes.paragraph("", "Aucune pour l’instant.")
    testimonials = domain_of(app.env).testimonials
    limit = app.config.kb_index_testimonials_limit if is_web(app) and which.facet else 0
    newest = {docname: rank for rank, (docname, _) in enumerate(sorted_testimonials(app.env))} if limit else {}
    result = nodes.definition_list(classes=["kb-index-personnes"])
    for name, docnames in groups.items():
        hidden = len(docnames) - limit if 0 < limit < len(docnames) else 0
        shown = sorted(docnames, key=newest.__getitem__)[:limit] if hidden else docnames
        items = nodes.bullet_list()
        for docname in shown:
            meta = testimonials[docname]
            title = nodes.emphasis("", meta.get("title", docname))
            ref = link(app, fromdoc, docname, "", title) or title
            extra = meta.get(which.detail) or ""
            text = f" — {extra}, {french_date(meta.get('date'))}" if extra else f" — {french_date(meta.get('date'))}"
            items += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(text)))
        if hidden and which.facet:
            items += nodes.list_item("", _more(app, fromdoc, which.facet, name, hidden))
        result += nodes.definition_list_item("", nodes.term("", name), nodes.definition("", items))
    return result


def _more(app: Sphinx, fromdoc: str, facet: str, name: str, hidden: int) -> nodes.paragraph:
    """« … et 22 autres témoignages », to the facet page that lists them all."""
    uri = relative_uri(app.builder.get_target_uri(fromdoc),
                       app.builder.get_target_uri(facet_page(app.env, facet, name)))
    return nodes.paragraph("", "… et ", nodes.reference(
        "", plural(hidden, "autre témoignage", "autres témoignages"), refuri=uri, internal=True),
        classes=["kb-index-suite"])


def people_list(app: Sphinx, fromdoc: str, index: str, which: PeopleList, groups: Groups,
                page: int = 1) -> list[nodes.Node]:
    """Page *page* of the list *which* (shown as *fromdoc*): its names, then the
    pager and « Noms 101 à 200 sur 1 000 » when the list has more than one page."""
    if not is_web(app):
        return [_listing(app, fromdoc, groups, which)]
    pagination = people_pagination(app, index, which, groups)
    shown = dict(pagination.slice(list(groups.items()), page))
    result = [_listing(app, fromdoc, shown, which)]
    if pagination.total > 1:
        result += [pager(app, fromdoc, pagination, page), page_range(pagination, page, "Nom", "Noms")]
    return result


def people_page(app: Sphinx, pagename: str, index: str, which: PeopleList, groups: Groups,
                page: int) -> list[nodes.Node]:
    """What a page 2… of the list *which* shows under its title."""
    lead = nodes.paragraph("", "Suite de l’index ", classes=["kb-pages-chapeau"])
    title = app.env.titles[index].astext() if index in app.env.titles else which.title
    lead += link(app, pagename, index, which.anchor, nodes.Text(title)) or nodes.Text(title)
    lead += nodes.Text(f"{NBSP}: {which.lead}, dans l’ordre alphabétique.")
    return [lead, *people_list(app, pagename, index, which, groups, page)]


def resolve_people(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app, docname, "people"):
        return
    for node in list(doctree.findall(people_placeholder)):
        result: list[nodes.Node] = []
        for which, groups in people_lists(app.env):
            # On the web, the anchor that the pages 2… link back to.
            result.append(nodes.rubric("", which.title, ids=[which.anchor] if is_web(app) else []))
            result += people_list(app, docname, docname, which, groups)
        node.replace_self(result)


@register_for_placeholder("people")
def people_inputs(env: BuildEnvironment) -> str:
    """The index shows each testimonial's title, author, organisation and date
    (and, on the web, how many pages each list has: it follows from them)."""
    return repr(sorted((d, m.get("title"), m.get("auteur"), m.get("organisation"), m.get("date"))
                       for d, m in domain_of(env).testimonials.items()))


def setup_people(app: Sphinx) -> None:
    app.add_directive("kb-auteurs", placeholder_directive("people", people_placeholder))
    app.connect("doctree-resolved", resolve_people)
