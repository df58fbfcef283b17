"""The intermediate document every importer produces, and the MyST writer reads.

Inline nodes hold the author's text (``Text``) and its structure (emphasis,
links, notes…); blocks are paragraphs, headings, lists, quotations, tables.
Nothing here knows about Markdown: escaping is the writer's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


# --- inline nodes ------------------------------------------------------------
@dataclass
class Text:
    text: str


@dataclass
class Space:
    """A breakable space between words (HTML collapses runs of them)."""


@dataclass
class SoftBreak:
    """A line break of the source that is not a line break of the text."""


@dataclass
class LineBreak:
    """A line break the author wants (``<br>``, Shift+Enter)."""


@dataclass
class Emph:
    children: list


@dataclass
class Strong:
    children: list


@dataclass
class Strike:
    children: list


@dataclass
class Sup:
    children: list


@dataclass
class Sub:
    children: list


@dataclass
class Code:
    text: str


@dataclass
class Link:
    url: str
    children: list


@dataclass
class Note:
    """A footnote, where its call stands; its blocks are the note's text."""

    blocks: list


@dataclass
class Image:
    """An image: *path* is a local file already checked (``images``)."""

    path: Path
    alt: list


# --- blocks ------------------------------------------------------------------
@dataclass
class Paragraph:
    inlines: list
    line: int | None = None  # in a plain-text source, for the author's messages


@dataclass
class Heading:
    level: int
    inlines: list


@dataclass
class Quote:
    blocks: list


@dataclass
class ListBlock:
    ordered: bool
    items: list  # one list of blocks per item
    start: int = 1


@dataclass
class Table:
    head: list  # rows of cells; a cell is a list of blocks
    body: list


@dataclass
class CodeBlock:
    text: str


@dataclass
class Rule:
    """A thematic break (``<hr>``, ``***``)."""


@dataclass
class Document:
    """What an importer read: the blocks, and what the source says about itself.

    *candidates* holds metadata stated by the document outside its text
    (properties, HTML ``<meta>``), keyed by front-matter field; *subject* is a
    weaker title (an e-mail's subject); *problems* are warnings for the author
    (``(line or None, message)``); *removed* counts active content dropped.
    """

    blocks: list
    title: str | None = None
    candidates: dict = field(default_factory=dict)
    subject: str | None = None
    problems: list = field(default_factory=list)
    removed: int = 0


def plain(nodes: list) -> str:
    """The text of inline nodes, as a reader sees it (notes and images left out)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, Space | SoftBreak):
            parts.append(" ")
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Emph | Strong | Strike | Sup | Sub | Link):
            parts.append(plain(node.children))
    return "".join(parts)


def block_text(block) -> str:
    """The text of a block and everything in it (for the language and emptiness checks)."""
    if isinstance(block, Paragraph | Heading):
        return plain(block.inlines)
    if isinstance(block, Quote):
        return "\n".join(block_text(b) for b in block.blocks)
    if isinstance(block, ListBlock):
        return "\n".join(block_text(b) for item in block.items for b in item)
    if isinstance(block, Table):
        return "\n".join(block_text(b) for row in block.head + block.body for cell in row for b in cell)
    if isinstance(block, CodeBlock):
        return block.text
    return ""


def images_of(blocks: list) -> list[Image]:
    """Every image, in order (inside lists, quotations, tables, notes too)."""
    found: list[Image] = []

    def inline(nodes: list) -> None:
        for node in nodes:
            if isinstance(node, Image):
                found.append(node)
            elif isinstance(node, Note):
                walk(node.blocks)
            elif hasattr(node, "children"):
                inline(node.children)

    def walk(items: list) -> None:
        for block in items:
            if isinstance(block, Paragraph | Heading):
                inline(block.inlines)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item)
            elif isinstance(block, Table):
                for row in block.head + block.body:
                    for cell in row:
                        walk(cell)

    walk(blocks)
    return found
