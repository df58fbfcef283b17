"""Citations between testimonials and the theses and glossary terms.

Collected from the parsed document (the ``pending_xref`` nodes of the
``{these}`` and ``{term}`` roles) after reading, stored in the ``kb``
domain, and rendered as « Cité dans » lists at resolve time. The pages whose
rendered lists change are handed back to Sphinx (``env-updated``), so an
incremental build rewrites them and nothing else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from kb.domain import Citation, KnowledgeBaseDomain
from kb.facets import facet_page, label
from kb.graph import cached, entry_of
from kb.incremental import register
from kb.nodes import citedin_placeholder, pdf_page_ref
from kb.testimonials import byline, is_testimonial

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EXCERPT_CHARS = 300
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«“\"(A-ZÀ-ÖØ-Ý0-9])")


def citation_kind(node: pending_xref) -> str | None:
    if node.get("refdomain") == "kb" and node.get("reftype") == "these":
        return "these"
    if node.get("refdomain") == "std" and node.get("reftype") == "term":
        return "term"
    return None


def citation_target(node: pending_xref, kind: str) -> str:
    target = node["reftarget"]
    return target.lower() if kind == "term" else target


def excerpt(node: nodes.Node) -> str:
    """The sentence(s) of the enclosing block of text in which *node* occurs."""
    block = node.parent
    # The nearest block of text: a paragraph, a title, a list item's line.
    while block is not None and (
        not isinstance(block, nodes.TextElement) or isinstance(block, nodes.Inline)
    ):
        block = block.parent
    if block is None:
        return node.astext()
    text = "".join(t.astext() for t in block.findall(nodes.Text))
    ref_start = _first_offset(block, node)
    ref_end = ref_start + len(node.astext())
    # Keep every sentence the reference overlaps: a quotation may span several.
    first = last = None
    start = 0
    for sentence in SENTENCE_END.split(text):
        start = text.index(sentence, start)
        end = start + len(sentence)
        if start < ref_end and end > ref_start:
            first = start if first is None else first
            last = end
        start = end
    if first is None or last is None:
        first, last = 0, len(text)
    return _shorten(text[first:last], ref_start - first)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    result = []
    while node.parent is not None:
        node = node.parent
        result.append(node)
    return result


def _first_offset(block: nodes.Element, ref: nodes.Node) -> int:
    length = 0
    for text_node in block.findall(nodes.Text):
        if ref in _ancestors(text_node):
            return length
        length += len(text_node.astext())
    return 0


def _shorten(passage: str, position: int) -> str:
    """*passage* with spaces folded, cut to EXCERPT_CHARS around *position*."""
    position = len(" ".join(passage[:position].split()))
    passage = " ".join(passage.split())
    if len(passage) <= EXCERPT_CHARS:
        return passage
    # Keep the cited words in view: cut around the position of the reference.
    start = max(0, min(position - EXCERPT_CHARS // 3, len(passage) - EXCERPT_CHARS))
    cut = passage[start:start + EXCERPT_CHARS].strip()
    return ("… " if start > 0 else "") + cut + (" …" if start + EXCERPT_CHARS < len(passage) else "")


def collect_citations(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record each citation and put an anchor just before it."""
    env = app.env
    docname = env.docname
    if not is_testimonial(env, docname):
        return
    found: list[Citation] = []
    used: set[str] = set(doctree.ids)
    for node in list(doctree.findall(pending_xref)):
        kind = citation_kind(node)
        if kind is None:
            continue
        target = citation_target(node, kind)
        base = nodes.make_id(f"cite-{'these' if kind == 'these' else 'terme'}-{target}")
        anchor, counter = base, 1
        while anchor in used:
            counter += 1
            anchor = f"{base}-{counter}"
        used.add(anchor)
        marker = nodes.target("", "", ids=[anchor])
        doctree.note_explicit_target(marker)
        node.parent.insert(node.parent.index(node), marker)
        found.append({
            "kind": kind,
            "target": target,
            "anchor": anchor,
            "lineno": node.line or 0,
            "excerpt": excerpt(node),
        })
    domain: KnowledgeBaseDomain = env.get_domain("kb")  # type: ignore[assignment]
    domain.citations[docname] = found


# --- rendering -------------------------------------------------------------

@cached
def citations_by_target(env: BuildEnvironment) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(kind, target) -> one entry per citing place, in page order."""
    domain: KnowledgeBaseDomain = env.get_domain("kb")  # type: ignore[assignment]
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for docname in sorted(domain.citations):
        meta = domain.testimonials.get(docname, {})
        for position, citation in enumerate(domain.citations[docname]):
            index.setdefault((citation["kind"], citation["target"]), []).append({
                "docname": docname,
                "position": position,
                "title": meta.get("title") or docname,
                "byline": byline(meta),
                "anchor": citation["anchor"],
                "excerpt": citation["excerpt"],
            })
    return index


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
        try:
            link = make_refnode(app.builder, fromdocname, entry["docname"], entry["anchor"],
                                nodes.emphasis("", entry["title"]), entry["title"])
        except NoUri:
            continue
        paragraph = nodes.paragraph("", "", link)
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
    for placeholder in list(doctree.findall(citedin_placeholder)):
        kind, targets = placeholder["kind"], placeholder_targets(placeholder)
        entries = citing(app.env, kind, targets)
        capped = app.builder.format == "html" and 0 < limit < len(entries)
        box = render_citedin(app, docname, entries[:limit] if capped else entries)
        if capped:
            box += _more_link(app, docname, kind, min(targets), entries, len(entries) - limit)
        placeholder.replace_self(box)


def _more_link(app: Sphinx, docname: str, kind: str, target: str, entries: list[dict[str, Any]],
               hidden: int) -> nodes.paragraph:
    """« … et 40 autres citations. Les 53 témoignages qui citent … » (the facet page)."""
    if kind == "these":
        page, what = facet_page("these", target), f"la thèse {target}"
    else:
        entry = entry_of(app.env, "term", target)
        page, what = facet_page("terme", entry), f"« {label(app.env, 'terme', entry)} »"
    uri = relative_uri(app.builder.get_target_uri(docname), page + app.builder.out_suffix)
    testimonials = len({e["docname"] for e in entries})
    return nodes.paragraph(
        "", "", nodes.Text(f"… et {hidden} autre{'s' if hidden > 1 else ''} citation{'s' if hidden > 1 else ''}. "),
        nodes.reference("", f"Les {testimonials} témoignages qui citent {what}" if testimonials > 1
                        else f"Le témoignage qui cite {what}", refuri=uri, internal=True),
        classes=["kb-cite-dans-suite"])


# --- incremental builds ------------------------------------------------------

@register
def citation_inputs(env: BuildEnvironment) -> dict[str, Any]:
    """What each page shows of the citations: « Cité dans » lists, cited theses' titles."""
    domain: KnowledgeBaseDomain = env.get_domain("kb")  # type: ignore[assignment]
    by_target: dict[tuple[str, str], list[tuple]] = {}
    for docname in sorted(domain.citations):
        meta = domain.testimonials.get(docname, {})
        for c in domain.citations[docname]:
            by_target.setdefault((c["kind"], c["target"]), []).append(
                (docname, meta.get("title"), byline(meta), c["anchor"], c["excerpt"]))
    defined: dict[str, list[tuple[str, str]]] = {}
    for thesis in domain.theses.values():
        defined.setdefault(thesis["docname"], []).append(("these", str(thesis["number"])))
    for (objtype, name), (docname, _anchor) in env.get_domain("std").objects.items():
        if objtype == "term":
            defined.setdefault(docname, []).append(("term", name.lower()))
    inputs: dict[str, Any] = {}
    for docname, kinds in domain.placeholders.items():
        if "citedin" in kinds:
            inputs[docname] = sorted((key, by_target.get(key, [])) for key in defined.get(docname, []))
    # A citing page shows each cited thesis's title (in the link's tooltip).
    for docname, found in domain.citations.items():
        titles = sorted({(c["target"], domain.theses.get(int(c["target"]), {}).get("title"))
                         for c in found if c["kind"] == "these"})
        inputs[docname] = (inputs.get(docname), titles)
    return inputs


def setup_citations(app: Sphinx) -> None:
    # How many citations a thesis or glossary entry lists on the web before linking to all of them.
    app.add_config_value("kb_citedin_limit", 20, "html", types=(int,))
    app.connect("doctree-read", collect_citations)
    app.connect("doctree-resolved", resolve_citedin)
