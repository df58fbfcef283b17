"""On each testimonial: the theses and terms it cites (in its header), and
« Témoignages proches », the testimonials sharing the most of them."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.cache import cached
from kb.core.config import permalink
from kb.core.domain import domain_of, may_hold
from kb.core.editions import is_web
from kb.core.french import byline, plural
from kb.core.graph import glossary_entries, targets_by_testimonial
from kb.core.incremental import register
from kb.core.links import link_or_text
from kb.core.nodes import cites_placeholder, related_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

RELATED_LIMIT = 3


@cached
def _citing(env: BuildEnvironment) -> tuple[dict[str, set[tuple[str, str]]], list[str], dict[str, int],
                                            dict[tuple[str, str], int]]:
    """What each testimonial cites, the testimonials in sorted order and their
    positions in it, and for each target the bit set of the testimonials
    citing it (bit *i*: ``order[i]``)."""
    cited = targets_by_testimonial(env)
    order = sorted(cited)
    position = {docname: index for index, docname in enumerate(order)}
    masks: dict[tuple[str, str], int] = defaultdict(int)
    for index, docname in enumerate(order):
        for target in cited[docname]:
            masks[target] |= 1 << index
    return cited, order, position, masks


@cached
def _found(env: BuildEnvironment) -> dict[str, list[tuple[str, int]]]:
    return {}  # neighbours computed in this phase of the build


def neighbours(env: BuildEnvironment, docname: str) -> list[tuple[str, int]]:
    """The testimonials sharing the most theses and terms with *docname*.

    Counting shared targets pair by pair is quadratic (a common glossary term
    is cited by a large share of all testimonials). Instead each target is a
    bit set of the testimonials citing it, and the counts for one testimonial
    are added bit-sliced (one big integer per binary digit of the count): a
    few big-integer operations per target, whatever the number of pages.
    Ties go to the first docname in sorted order, as bits are in that order.
    Computed for the pages asked about only: a build that writes one page
    asks once.
    """
    found = _found(env)
    if docname not in found:
        cited, order, position, masks = _citing(env)
        targets = cited.get(docname)
        found[docname] = [] if targets is None else _nearest(order, position[docname], [masks[t] for t in targets])
    return found[docname]


def _nearest(order: list[str], index: int, target_masks: list[int]) -> list[tuple[str, int]]:
    planes: list[int] = []  # planes[p]: the testimonials whose shared count has bit p set
    union = 0
    for mask in target_masks:
        union |= mask
        for p in range(len(planes)):
            carry = planes[p] & mask
            planes[p] ^= mask
            mask = carry
            if not mask:
                break
        else:
            if mask:
                planes.append(mask)
    remaining = union & ~(1 << index)
    result: list[tuple[str, int]] = []
    while remaining and len(result) < RELATED_LIMIT:
        best, count = remaining, 0
        for p in reversed(range(len(planes))):
            if best & planes[p]:
                best &= planes[p]
                count |= 1 << p
        while best and len(result) < RELATED_LIMIT:
            low = best & -best
            result.append((order[low.bit_length() - 1], count))
            best ^= low
            remaining &= ~low
    return result


def add_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after the header is built): the two slots of a testimonial."""
    docname = app.env.docname
    if docname not in domain_of(app.env).testimonials:
        return
    header = next(iter(doctree.findall(lambda n: isinstance(n, nodes.container)
                                       and "kb-entete" in n["classes"])), None)
    # The page is recorded in the node: LaTeX resolves one assembled book, in
    # which the page being resolved is the root document, not this one.
    if header is not None:
        header += cites_placeholder(page=docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section += related_placeholder(page=docname)


def cited_items(env: BuildEnvironment, docname: str) -> tuple[list[tuple[int, str]], list[str]]:
    """The theses (number, title) and glossary entries a testimonial cites, in order."""
    domain = domain_of(env)
    theses: dict[int, str] = {}
    terms: dict[str, None] = {}
    for citation in domain.citations.get(docname, []):
        if citation["kind"] == "these":
            number = int(citation["target"])
            theses[number] = domain.theses.get(number, {}).get("title", "")
        else:
            terms[domain.entry_of("term", citation["target"])] = None
    return sorted(theses.items()), list(terms)


def render_cites(app: Sphinx, docname: str, page: str) -> list[nodes.Node]:
    """What *page* cites; links are written for *docname*, the document being resolved."""
    env = app.env
    domain = domain_of(env)
    theses, terms = cited_items(env, page)
    entries = glossary_entries(env)
    result: list[nodes.Node] = []
    identifier = domain.testimonials.get(page, {}).get("identifiant")
    if identifier and is_web(app):
        uri = relative_uri(app.builder.get_target_uri(page), permalink(identifier) + app.builder.out_suffix)
        result.append(nodes.paragraph("", "", nodes.strong("", "Lien permanent : "),
                                      nodes.reference("", identifier, refuri=uri, classes=["kb-permalien"]),
                                      classes=["kb-cites"]))
    if theses:
        paragraph = nodes.paragraph("", "", nodes.strong("", "Thèses citées : "), classes=["kb-cites"])
        for index, (number, title) in enumerate(theses):
            if index:
                paragraph += nodes.Text(" ; ")
            thesis = domain.theses.get(number)
            text = f"thèse {number} ({title})" if title else f"thèse {number}"
            paragraph += link_or_text(app, docname, thesis["docname"], thesis["anchor"], text) if thesis else nodes.Text(text)
        result.append(paragraph)
    if terms:
        paragraph = nodes.paragraph("", "", nodes.strong("", "Termes du glossaire : "), classes=["kb-cites"])
        for index, key in enumerate(terms):
            if index:
                paragraph += nodes.Text(", ")
            entry = entries.get(key)
            paragraph += (link_or_text(app, docname, entry["docname"], entry["anchor"], entry["term"])
                          if entry else nodes.Text(key))
        result.append(paragraph)
    return result


def render_related(app: Sphinx, docname: str, neighbours: list[tuple[str, int]]) -> list[nodes.Node]:
    if not neighbours:
        return []
    testimonials = domain_of(app.env).testimonials
    items = nodes.bullet_list()
    for other, shared in neighbours:
        meta = testimonials.get(other, {})
        paragraph = nodes.paragraph("", "", link_or_text(app, docname, other, "", meta.get("title") or other))
        paragraph += nodes.Text(f" ({byline(meta)}) — {plural(shared, 'repère')} en commun")
        items += nodes.list_item("", paragraph)
    return [nodes.container("", nodes.rubric("", "Témoignages proches"), items, classes=["kb-proches"])]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # Only testimonials hold these slots (add_placeholders); a book holds them all.
    if docname not in domain_of(app.env).testimonials and not may_hold(app, docname, "related"):
        return
    for node in list(doctree.findall(cites_placeholder)):
        node.replace_self(render_cites(app, docname, node["page"]))
    for node in list(doctree.findall(related_placeholder)):
        node.replace_self(render_related(app, docname, neighbours(app.env, node["page"])))


@register
def related_inputs(env: BuildEnvironment) -> dict[str, Any]:
    """What a testimonial shows of other pages: cited titles, its nearest testimonials."""
    domain = domain_of(env)
    entries = glossary_entries(env)
    inputs = {}
    for docname in domain.testimonials:
        theses, terms = cited_items(env, docname)
        near = [(other, shared, domain.testimonials.get(other, {}).get("title"),
                 byline(domain.testimonials.get(other, {}))) for other, shared in neighbours(env, docname)]
        inputs[docname] = repr((theses, [(t, entries.get(t, {}).get("term")) for t in terms], near))
    return inputs


def setup_related(app: Sphinx) -> None:
    app.connect("doctree-read", add_placeholders, priority=600)  # after the header (500)
    app.connect("doctree-resolved", resolve)
