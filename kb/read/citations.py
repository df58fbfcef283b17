"""Citations from testimonials to theses and glossary terms, collected.

They are taken from the parsed document (the ``pending_xref`` nodes of the
``{these}`` and ``{term}`` roles), never from the source text, so any markup
works; each gets an anchor and the sentence it occurs in, and is stored in
the ``kb`` domain. :mod:`kb.resolve.citedin` renders the backlinks.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.addnodes import pending_xref

from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import Citation, domain_of
from kb.core.french import number

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EXCERPT_CHARS = 300
# A testimonial cites a few dozen times; each citation is a link, an anchor and
# an entry under its thesis in both editions. Beyond this many, a page is a
# list, not a testimonial: an error, and the rest become plain text before
# they are parsed (100,000 citations took minutes and 2 GB).
MAX_CITATIONS = 1000
ROLE = re.compile(r"\{(these|term)\}`([^`]*)`")
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


def excerpt(node: nodes.Node, blocks: dict[int, _Block] | None = None) -> str:
    """The sentence(s) of the enclosing block of text in which *node* occurs.

    *blocks* keeps what is computed once per block (its text, where each
    node starts, its sentences), so that a paragraph citing a thousand times
    is read once, not a thousand times.
    """
    block = node.parent
    # The nearest block of text: a paragraph, a title, a list item's line.
    while block is not None and (
        not isinstance(block, nodes.TextElement) or isinstance(block, nodes.Inline)
    ):
        block = block.parent
    if block is None:
        return node.astext()
    blocks = {} if blocks is None else blocks
    if id(block) not in blocks:
        blocks[id(block)] = _read_block(block)
    text, starts, sentences = blocks[id(block)]
    ref_start = starts.get(id(node), 0)
    ref_end = ref_start + len(node.astext())
    # Keep every sentence the reference overlaps: a quotation may span several.
    index = max(0, bisect.bisect_right(sentences, (ref_start, len(text) + 1)) - 1)
    first = last = None
    for start, end in sentences[index:]:
        if start >= ref_end:
            break
        if end > ref_start:
            first = start if first is None else first
            last = end
    if first is None or last is None:
        first, last = 0, len(text)
    return _shorten(text[first:last], ref_start - first)


class _Block(NamedTuple):
    text: str
    starts: dict[int, int]  # id of each node of the block → where its text starts
    sentences: list[tuple[int, int]]  # (start, end) of each sentence, in order


def _read_block(block: nodes.Element) -> _Block:
    parts: list[str] = []
    starts: dict[int, int] = {}
    length = 0
    for text_node in block.findall(nodes.Text):
        node: nodes.Node | None = text_node
        while node is not None and id(node) not in starts:  # its ancestors that start here
            starts[id(node)] = length
            node = node.parent if node is not block else None
        parts.append(text_node.astext())
        length += len(parts[-1])
    text = "".join(parts)
    sentences = []
    start = 0
    for sentence in SENTENCE_END.split(text):
        start = text.index(sentence, start)
        sentences.append((start, start + len(sentence)))
        start += len(sentence)
    return _Block(text, starts, sentences)


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
    """``doctree-read``: record each citation and give it an anchor."""
    domain = domain_of(app.env)
    docname = app.env.docname
    if not domain.is_testimonial(docname):
        return
    found: list[Citation] = []
    used: set[str] = set(doctree.ids)
    counters: dict[str, int] = {}  # the last number given to each anchor's base
    blocks: dict[int, _Block] = {}
    for node in list(doctree.findall(pending_xref)):
        kind = citation_kind(node)
        if kind is None:
            continue
        target = citation_target(node, kind)
        base = nodes.make_id(f"cite-{'these' if kind == 'these' else 'terme'}-{target}")
        anchor, counter = base, counters.get(base, 1)
        if counter > 1:
            anchor = f"{base}-{counter}"
        while anchor in used:
            counter += 1
            anchor = f"{base}-{counter}"
        counters[base] = counter
        used.add(anchor)
        # The anchor is the cited words' own id, on the element the link is
        # made of (the resolvers put it inside the reference), rather than a
        # target node before it: ten nodes fewer per testimonial, that every
        # transform, writer and the search index walked (0.5 s of a 14 s build
        # at 1,000 testimonials). The LaTeX writer sets it before the link
        # (kb.write.latexonepass).
        if not (len(node) == 1 and isinstance(node[0], nodes.inline)):
            node[:] = [nodes.inline("", "", *node.children)]
        node[0]["ids"].append(anchor)
        doctree.ids[anchor] = node[0]
        found.append({
            "kind": kind,
            "target": target,
            "anchor": anchor,
            "lineno": node.line or 0,
            "excerpt": excerpt(node, blocks),
        })
    domain.note_citations(docname, found)


def limit_citations(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: at most ``MAX_CITATIONS`` citations in a testimonial."""
    if not domain_of(app.env).is_testimonial(docname):
        return
    text = source[0]
    roles = ROLE.finditer(text)
    for _ in range(MAX_CITATIONS):
        if next(roles, None) is None:
            return
    first = next(roles, None)
    if first is None:
        return
    extra = 1 + sum(1 for _ in roles)
    warn(f"trop de citations dans ce témoignage ({number(MAX_CITATIONS + extra)}, au plus "
         f"{number(MAX_CITATIONS)}) : à partir d’ici, elles restent du texte ; un témoignage cite les thèses "
         "et les termes qui comptent, pas tous à chaque phrase (too many citations)",
         KbWarning.TOO_MANY_CITATIONS, (docname, text.count("\n", 0, first.start()) + 1))
    source[0] = text[:first.start()] + ROLE.sub(_plain, text[first.start():])


def _plain(match: re.Match[str]) -> str:
    """A role's visible words: « thèse 22 », « écosystème » for ``{term}`écosystème <Écosystème>```."""
    if match.group(1) == "these":
        return f"thèse {match.group(2).strip()}"
    return re.sub(r"\s*<[^<>]*>$", "", match.group(2)) or match.group(2)


def setup_citations(app: Sphinx) -> None:
    app.connect("source-read", limit_citations)
    app.connect("doctree-read", collect_citations)
