"""Citations from testimonials to theses and glossary terms, collected.

They are taken from the parsed document (the ``pending_xref`` nodes of the
``{these}`` and ``{term}`` roles), never from the source text, so any markup
works; each gets an anchor and the sentence it occurs in, and is stored in
the ``kb`` domain. :mod:`kb.resolve.citedin` renders the backlinks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.addnodes import pending_xref

from kb.core.domain import Citation, domain_of

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
    domain = domain_of(app.env)
    docname = app.env.docname
    if not domain.is_testimonial(docname):
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
    domain.note_citations(docname, found)


def setup_citations(app: Sphinx) -> None:
    app.connect("doctree-read", collect_citations)
