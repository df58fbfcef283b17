"""The one MyST writer: an intermediate document's blocks as MyST Markdown.

The rendered text must be the author's text and nothing else, so every
character that MyST or CommonMark would read as markup is escaped: inline
(``\\ ` * _ [ ] < { } $ ~ |`` and entity-like ``&``), at the start of a line
(``# > - + = : % (`` and ``1.``), anywhere in a heading (``#``). No role,
directive, target, comment or raw HTML can come from the source's text; the
only markup is the one this writer adds (emphasis, links, notes, lists…).

Emphasis follows CommonMark's flanking rules: where ``*`` could not open or
close (``»*mot*x``), the emphasis is left out and the words stay.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kbtools.authoring.document import (
    Code,
    CodeBlock,
    Emph,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quote,
    Rule,
    SoftBreak,
    Space,
    Strike,
    Strong,
    Sub,
    Sup,
    Table,
    Text,
    plain,
)

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<{}$~|])")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^([#>\-+=:%(])")
NUMBERED = re.compile(r"^(\d{1,9})([.)])")
# Delimiters of emphasis while a paragraph is written, resolved once its
# neighbours are known (characters of a private-use plane: never in a text).
EM_OPEN, EM_CLOSE, ST_OPEN, ST_CLOSE = "\U000f0001", "\U000f0002", "\U000f0003", "\U000f0004"
SENTINELS = {EM_OPEN: "*", EM_CLOSE: "*", ST_OPEN: "**", ST_CLOSE: "**"}
PAIRS = {EM_OPEN: EM_CLOSE, ST_OPEN: ST_CLOSE}
PRIVATE = re.compile("[\U000f0000-\U000fffff]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def escape(text: str) -> str:
    """*text* with the characters MyST reads as inline markup escaped."""
    text = CONTROL.sub("", PRIVATE.sub("", text))
    return ENTITY.sub(r"\\&", INLINE_SPECIAL.sub(r"\\\1", text))


def escape_line_start(line: str) -> str:
    """A line of a paragraph: no block syntax at its start, no trailing spaces."""
    line = line.lstrip(" \t").rstrip(" \t")
    line = NUMBERED.sub(r"\1\\\2", line)
    return LINE_START.sub(r"\\\1", line)


def _is_space(char: str | None) -> bool:
    return char is None or char.isspace() or unicodedata.category(char) == "Zs"


def _is_punct(char: str | None) -> bool:
    return char is not None and unicodedata.category(char)[0] in "PS"


def _neighbour(text: str, index: int, step: int) -> str | None:
    index += step
    while 0 <= index < len(text) and text[index] in SENTINELS:
        index += step
    return text[index] if 0 <= index < len(text) else None


def resolve_emphasis(text: str) -> str:
    """Turn the sentinels into ``*``/``**`` where CommonMark reads them as
    emphasis; drop the pairs that could not open or close."""
    chars = list(text)
    stack: list[int] = []
    drop: set[int] = set()
    for index, char in enumerate(chars):
        if char in PAIRS:
            stack.append(index)
        elif char in (EM_CLOSE, ST_CLOSE):
            start = stack.pop()
            after_open, before_open = _neighbour(text, start, 1), _neighbour(text, start, -1)
            before_close, after_close = _neighbour(text, index, -1), _neighbour(text, index, 1)
            opens = not _is_space(after_open) and (not _is_punct(after_open) or _is_space(before_open)
                                                   or _is_punct(before_open))
            closes = not _is_space(before_close) and (not _is_punct(before_close) or _is_space(after_close)
                                                      or _is_punct(after_close))
            if not (opens and closes) or index == start + 1:
                drop.update((start, index))
    return "".join("" if i in drop else SENTINELS.get(c, c) for i, c in enumerate(chars))


@dataclass
class Writer:
    """Writes blocks; collects the notes, written after the text."""

    image_path: dict = field(default_factory=dict)  # id(Image) -> path relative to the page
    notes: list = field(default_factory=list)
    fence_depth: int = 0
    list_marker: dict = field(default_factory=dict)  # alternate markers: two lists never merge

    # --- inline ----------------------------------------------------------------
    def inline(self, nodes: list, *, one_line: bool = False, heading: bool = False, normalised: bool = False) -> str:
        """Inline nodes as MyST, emphasis still as sentinels; in a heading, ``#`` escaped too."""
        out: list[str] = []
        keep = {"one_line": one_line, "heading": heading}
        for node in nodes if normalised else _normalise(nodes):
            if isinstance(node, Text):
                out.append(escape(node.text).replace("#", "\\#") if heading else escape(node.text))
            elif isinstance(node, Space):
                out.append(" ")
            elif isinstance(node, SoftBreak):
                out.append(" " if one_line else "\n")
            elif isinstance(node, LineBreak):
                # MyST writes a hard break as raw HTML, which the site refuses:
                # the line break becomes a plain one, the words stay.
                out.append(" " if one_line else "\n")
            elif isinstance(node, Emph):
                out.append(EM_OPEN + self.inline(node.children, **keep) + EM_CLOSE)
            elif isinstance(node, Strong):
                out.append(ST_OPEN + self.inline(node.children, **keep) + ST_CLOSE)
            elif isinstance(node, Strike):  # no strikethrough in this site's MyST: the words stay
                out.append(self.inline(node.children, **keep))
            elif isinstance(node, Sup | Sub):
                out.append(self._script(node, keep))
            elif isinstance(node, Code):
                out.append(_code_span(node.text))
            elif isinstance(node, Link):
                out.append(self._link(node, keep))
            elif isinstance(node, Note):
                self.notes.append(node)
                out.append(f"[^{len(self.notes)}]")
            elif isinstance(node, Image):
                path = self.image_path.get(id(node))
                if path:
                    out.append(f"![{escape(plain(node.alt))}]({path})")
        return "".join(out)

    def _script(self, node: Sup | Sub, keep: dict) -> str:
        text = plain(node.children)
        if not text.strip() or "`" in text or "\n" in text or text != text.strip():
            return self.inline(node.children, **keep)
        role = "sup" if isinstance(node, Sup) else "sub"
        return f"{{{role}}}`{text}`"

    def _link(self, node: Link, keep: dict) -> str:
        label = self.inline(node.children, **keep)
        url = node.url
        if not url.lower().startswith(SAFE_SCHEMES):
            return label
        if not label.strip():
            label = escape(url)
        if url.lower().startswith(("http://", "https://")) and plain(node.children) == url \
                and not re.search(r"[\s<>]", url):
            return f"<{url}>"
        destination = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        destination = re.sub(r"([()\\])", r"\\\1", destination)
        return f"[{label}]({destination})"

    def paragraph_lines(self, nodes: list) -> list[str]:
        nodes = _normalise(nodes)
        while nodes and isinstance(nodes[-1], Space | SoftBreak | LineBreak):
            nodes.pop()
        while nodes and isinstance(nodes[0], Space | SoftBreak | LineBreak):
            nodes.pop(0)
        text = resolve_emphasis(self.inline(nodes, normalised=True))
        lines = [escape_line_start(line) for line in text.split("\n")]
        # an empty line (two breaks in a row) would end the paragraph
        return [line for line in lines if line]

    # --- blocks ----------------------------------------------------------------
    def blocks(self, blocks: list) -> list[str]:
        """Blocks as lines, separated by one blank line."""
        out: list[str] = []
        previous = None
        for block in blocks:
            lines = self.block(block, previous)
            if not lines:
                continue
            if out:
                out.append("")
            out.extend(lines)
            previous = block
        return out

    def block(self, block, previous=None) -> list[str]:
        if isinstance(block, Paragraph):
            return self.paragraph_lines(block.inlines)
        if isinstance(block, Heading):
            text = resolve_emphasis(self.inline(block.inlines, one_line=True, heading=True)).strip()
            return [f"{'#' * block.level} {text}"] if text else []
        if isinstance(block, Quote):
            inner = self.blocks(block.blocks)
            return [f"> {line}" if line else ">" for line in inner]
        if isinstance(block, ListBlock):
            return self._list(block, previous)
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, CodeBlock):
            run = max((len(m) for m in re.findall(r"`+", block.text)), default=0)
            fence = "`" * max(3, run + 1)
            return [f"{fence}text", *block.text.rstrip("\n").split("\n"), fence]
        if isinstance(block, Rule):
            return ["***"]
        return []

    def _list(self, block: ListBlock, previous) -> list[str]:
        items = [item for item in block.items if self.blocks(list(item))]
        if not items:
            return []
        kind = "ordered" if block.ordered else "bullet"
        alternate = isinstance(previous, ListBlock) and previous.ordered == block.ordered \
            and self.list_marker.get(id(previous), 0) == 0
        self.list_marker[id(block)] = 1 if alternate else 0
        tight = all(len(item) == 1 and isinstance(item[0], Paragraph) for item in items)
        out: list[str] = []
        for number, item in enumerate(items, start=block.start):
            if kind == "ordered":
                marker = f"{number}{')' if alternate else '.'} "
            else:
                marker = "* " if alternate else "- "
            lines = self.blocks(item)
            if out and not tight:
                out.append("")
            out.append(marker + lines[0])
            out.extend((" " * len(marker) + line) if line else "" for line in lines[1:])
        return out

    def _table(self, table: Table) -> list[str]:
        rows = table.head + table.body
        width = max((len(row) for row in rows), default=0)
        if not width:
            return []
        rows = [row + [[] for _ in range(width - len(row))] for row in rows]
        simple = len(table.head) == 1 and all(
            len(cell) == 0 or (len(cell) == 1 and isinstance(cell[0], Paragraph)
                               and not any(isinstance(n, LineBreak) for n in cell[0].inlines))
            for row in rows for cell in row)
        if simple:
            def cells(row: list) -> str:
                texts = [resolve_emphasis(self.inline(cell[0].inlines, one_line=True)).strip() if cell else ""
                         for cell in row]
                return "| " + " | ".join(texts) + " |"

            return [cells(rows[0]), "| " + " | ".join(["---"] * width) + " |", *[cells(r) for r in rows[1:]]]
        self.fence_depth += 1
        fence = ":" * (3 + self.fence_depth)
        out = [f"{fence}{{list-table}}", f":header-rows: {len(table.head)}", ""]
        for row in rows:
            for index, cell in enumerate(row):
                lines = self.blocks(cell) or [""]
                first = ("* - " if index == 0 else "  - ") + lines[0]
                out.append(first.rstrip())
                out.extend(("    " + line) if line else "" for line in lines[1:])
        self.fence_depth -= 1
        return [*out, fence]

    def footnotes(self) -> list[str]:
        """The notes' definitions, numbered as they were called (notes in notes too)."""
        out: list[str] = []
        written = 0
        while written < len(self.notes):
            note = self.notes[written]
            written += 1
            lines = self.blocks(note.blocks) or [""]
            if out:
                out.append("")
            out.append(f"[^{written}]: {lines[0]}".rstrip())
            out.extend(("    " + line) if line else "" for line in lines[1:])
        return out


def _code_span(text: str) -> str:
    text = text.replace("\n", " ")
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (run + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _normalise(nodes: list) -> list:
    """Whitespace out of emphasis edges, newlines of text as soft breaks,
    adjacent texts merged, runs of spaces as one."""
    out: list = []
    for node in nodes:
        if isinstance(node, Text):
            parts = re.split(r"(\r\n|\n|\r)", node.text)
            for index, part in enumerate(parts):
                if index % 2:
                    out.append(SoftBreak())
                elif part:
                    lead = part[: len(part) - len(part.lstrip(" \t"))]
                    core = part.strip(" \t")
                    trail = part[len(lead) + len(core):] if core else ""
                    if lead:
                        out.append(Space())
                    if core:
                        if out and isinstance(out[-1], Text):
                            out[-1] = Text(out[-1].text + core)
                        else:
                            out.append(Text(core))
                    if trail:
                        out.append(Space())
        elif isinstance(node, Emph | Strong):
            children = _normalise(node.children)
            lead = []
            while children and isinstance(children[0], Space | SoftBreak | LineBreak):
                lead.append(children.pop(0))
            trail = []
            while children and isinstance(children[-1], Space | SoftBreak | LineBreak):
                trail.insert(0, children.pop())
            out.extend(lead)
            if children:
                if out and type(out[-1]) is type(node):  # *a**b* would not read as two emphases
                    out[-1].children.extend(children)
                else:
                    out.append(type(node)(children))
            out.extend(trail)
        else:
            out.append(node)
    # one space between words; no space next to a line break
    merged: list = []
    for node in out:
        if isinstance(node, Space) and merged and isinstance(merged[-1], Space | SoftBreak | LineBreak):
            continue
        if isinstance(node, SoftBreak | LineBreak) and merged and isinstance(merged[-1], Space):
            merged.pop()
        if isinstance(node, SoftBreak) and merged and isinstance(merged[-1], SoftBreak | LineBreak):
            continue
        merged.append(node)
    return merged


def page_body(title: str, blocks: list, image_path: dict | None = None) -> str:
    """The page after its front matter: the title, the text, the notes."""
    writer = Writer(image_path=image_path or {})
    heading = escape(" ".join(title.split("\n"))).replace("#", "\\#").strip()
    lines = [f"# {heading}", ""]
    text = writer.blocks(blocks)
    lines.extend(text)
    notes = writer.footnotes()
    if notes:
        lines.extend(["", *notes])
    return "\n".join(lines).rstrip("\n") + "\n"
