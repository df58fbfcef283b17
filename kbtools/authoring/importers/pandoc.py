"""pandoc (the binary bundled by ``pypandoc-binary``) and its JSON AST, read
into the intermediate document.

Word, OpenDocument, HTML and Markdown all go through pandoc's readers; this
module turns pandoc's blocks and inlines into ``document`` nodes, keeping
every word and dropping only what is not text: raw HTML tags (with the whole
content of ``<script>`` and ``<style>``), unsafe links (the words stay),
images that were not accepted.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused

TIMEOUT = 120  # seconds
MAX_URL = 8192  # the longest address a web server accepts, and the build
MEMORY = "-M1500m"  # pandoc's heap: a hostile file fails instead of filling the machine
UNSAFE_SCHEME = re.compile(r"\s*(javascript|vbscript|data|file)\s*:", re.I)
ACTIVE_TAG = re.compile(r"<\s*(script|style|iframe|object|embed|template)\b", re.I)


def pandoc_path() -> str:
    """The pandoc bundled by pypandoc-binary (never downloaded)."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        raise Refused("pandoc est introuvable : installez les dépendances avec « make setup »") from None


def run_pandoc(source: Path | None, reader: str, *, data: bytes | None = None, media: Path | None = None,
               name: str = "") -> dict:
    """pandoc's JSON AST of *source* (or of *data*), read with *reader*."""
    command = [pandoc_path(), "-f", reader, "-t", "json"]
    if reader.startswith("docx"):
        command.append("--track-changes=accept")  # the text as it reads once the changes are accepted
    if media is not None:
        command.append(f"--extract-media={media}")
    command += ["+RTS", MEMORY, "-RTS"]
    if source is not None:
        command.append(str(source))
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise Refused(f"la lecture a duré plus de {TIMEOUT} s et a été arrêtée ; le fichier est-il "
                      f"trop gros ou abîmé ?") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"code {result.returncode}"
        raise Refused(f"pandoc n’a pas pu lire le fichier ({reason}) ; est-il abîmé ?")
    return json.loads(result.stdout)


@dataclass
class Context:
    """What the conversion needs and reports."""

    images: dict = field(default_factory=dict)  # image address in the AST -> accepted local file
    base_url: str | None = None  # resolves relative links (a web page's address)
    removed: int = 0  # scripts, event handlers, javascript: links left out
    problems: list = field(default_factory=list)


def meta_text(value: dict | None) -> str | None:
    """A pandoc metadata value as plain text."""
    if not value:
        return None
    kind, content = value.get("t"), value.get("c")
    if kind == "MetaString":
        return content
    if kind == "MetaInlines":
        return d.plain(inlines(content, Context()))
    if kind == "MetaBlocks":
        return "\n".join(d.block_text(b) for b in blocks(content, Context()))
    if kind == "MetaList" and content:
        return meta_text(content[0])
    return None


def meta_blocks(value: dict | None) -> list:
    """A pandoc metadata value as blocks (a subtitle, an abstract: the author's text)."""
    if not value:
        return []
    kind, content = value.get("t"), value.get("c")
    if kind == "MetaInlines":
        return [d.Paragraph(inlines(content, Context()))]
    if kind == "MetaBlocks":
        return blocks(content, Context())
    if kind == "MetaString":
        return [d.Paragraph([d.Text(content)])]
    if kind == "MetaList":
        return [b for item in content for b in meta_blocks(item)]
    return []


def blocks(items: list, context: Context) -> list:
    out: list = []
    for block in items:
        out.extend(_block(block, context))
    return out


def _block(block: dict, context: Context) -> list:
    kind, content = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return [d.Paragraph(inlines(content, context))]
    if kind == "LineBlock":
        joined: list = []
        for line in content:
            if joined:
                joined.append(d.LineBreak())
            joined.extend(inlines(line, context))
        return [d.Paragraph(joined)]
    if kind == "CodeBlock":
        return [d.CodeBlock(content[1])]
    if kind == "RawBlock":
        return _raw_block(content[0], content[1], context)
    if kind == "BlockQuote":
        return [d.Quote(blocks(content, context))]
    if kind == "OrderedList":
        attributes, items = content
        return [d.ListBlock(True, [blocks(item, context) for item in items], start=attributes[0])]
    if kind == "BulletList":
        return [d.ListBlock(False, [blocks(item, context) for item in content])]
    if kind == "DefinitionList":
        out: list = []
        for term, definitions in content:
            out.append(d.Paragraph(inlines(term, context)))
            for definition in definitions:
                out.extend(blocks(definition, context))
        return out
    if kind == "Header":
        return [d.Heading(content[0], inlines(content[2], context))]
    if kind == "HorizontalRule":
        return [d.Rule()]
    if kind == "Table":
        return _table(content, context)
    if kind == "Figure":
        _attr, caption, body = content
        return blocks(body, context) + blocks(caption[1], context)
    if kind == "Div":
        return blocks(content[1], context)
    return []


def _raw_block(fmt: str, text: str, context: Context) -> list:
    """Raw HTML in a Markdown file: its text, never its code."""
    if fmt != "html":
        return []
    from lxml import html as lxml_html

    if ACTIVE_TAG.search(text) or re.search(r"\son\w+\s*=", text, re.I):
        context.removed += 1
    try:
        fragment = lxml_html.fragment_fromstring(text, create_parent="div")
    except Exception:  # not even HTML: nothing to keep
        return []
    for element in fragment.xpath("//script|//style|//template|//iframe|//object|//embed|//noscript"):
        element.drop_tree()
    words = " ".join(fragment.text_content().split())
    return [d.Paragraph([d.Text(words)])] if words else []


def _cells(row: list, context: Context) -> list:
    cells: list = []
    for cell in row[1]:
        _attr, _align, _rows, columns, body = cell
        cells.append(blocks(body, context))
        cells.extend([] for _ in range(max(0, columns - 1)))
    return cells


def _table(content: list, context: Context) -> list:
    _attr, caption, _columns, head, bodies, foot = content
    head_rows = [_cells(row, context) for row in head[1]]
    body_rows: list = []
    for body in bodies:
        _battr, _rowheads, inner_head, rows = body
        body_rows += [_cells(row, context) for row in inner_head + rows]
    body_rows += [_cells(row, context) for row in foot[1]]
    before = blocks(caption[1], context)
    if len(head_rows) > 1:  # one header row in a page's table: the others are rows
        body_rows = head_rows[1:] + body_rows
        head_rows = head_rows[:1]
    return [*before, d.Table(head_rows, body_rows)]


def inlines(items: list, context: Context) -> list:
    out: list = []
    skipping: str | None = None  # inside <script>…</script> written inline in Markdown
    for item in items:
        kind, content = item["t"], item.get("c")
        if skipping:
            if kind == "RawInline" and re.match(rf"<\s*/\s*{skipping}\b", content[1], re.I):
                skipping = None
            continue
        if kind == "RawInline":
            fmt, text = content
            if fmt == "html":
                opening = ACTIVE_TAG.match(text)
                if opening or re.search(r"\son\w+\s*=", text, re.I):
                    context.removed += 1
                if opening and not re.search(r"/\s*>$", text):
                    skipping = opening.group(1).lower()
                elif re.fullmatch(r"<\s*br\s*/?\s*>", text, re.I):
                    out.append(d.LineBreak())
            continue
        out.extend(_inline(kind, content, context))
    return _words(out)


def _words(nodes: list) -> list:
    """Runs of words and spaces as one text (pandoc gives one node per word)."""
    out: list = []
    for node in nodes:
        if isinstance(node, d.Text | d.Space) and out and isinstance(out[-1], d.Text):
            out[-1] = d.Text(out[-1].text + (" " if isinstance(node, d.Space) else node.text))
        elif isinstance(node, d.Space):
            out.append(d.Text(" "))
        else:
            out.append(node)
    return out


def _inline(kind: str, content, context: Context) -> list:
    if kind == "Str":
        return [d.Text(content)]
    if kind == "Space":
        return [d.Space()]
    if kind == "SoftBreak":
        return [d.SoftBreak()]
    if kind == "LineBreak":
        return [d.LineBreak()]
    if kind == "Emph":
        return [d.Emph(inlines(content, context))]
    if kind == "Strong":
        return [d.Strong(inlines(content, context))]
    if kind == "Strikeout":
        return [d.Strike(inlines(content, context))]
    if kind == "Superscript":
        return [d.Sup(inlines(content, context))]
    if kind == "Subscript":
        return [d.Sub(inlines(content, context))]
    if kind in ("Underline", "SmallCaps"):
        return inlines(content, context)
    if kind == "Span":
        return inlines(content[1], context)
    if kind == "Cite":
        return inlines(content[1], context)
    if kind == "Quoted":
        quote_kind, body = content
        opening, closing = ("«\u00a0", "\u00a0»") if quote_kind["t"] == "DoubleQuote" else ("“", "”")
        return [d.Text(opening), *inlines(body, context), d.Text(closing)]
    if kind == "Code":
        return [d.Code(content[1])]
    if kind == "Math":
        return [d.Text(content[1])]
    if kind == "Link":
        _attr, label, (url, _title) = content
        children = inlines(label, context)
        if any(k.startswith("on") for k, _v in _attr[2]):
            context.removed += 1
        target = _safe_url(url, context)
        return [d.Link(target, children)] if target else children
    if kind == "Image":
        _attr, alt, (url, _title) = content
        path = context.images.get(url)
        return [d.Image(path, inlines(alt, context))] if path else []
    if kind == "Note":
        return [d.Note(blocks(content, context))]
    return []


def _safe_url(url: str, context: Context) -> str | None:
    """An absolute web or mail address; None for anything else (the words stay)."""
    url = url.strip()
    if len(url) > MAX_URL:  # a pasted blob, not an address (the build refuses it)
        return None
    if UNSAFE_SCHEME.match(url):
        if url.lower().lstrip().startswith(("javascript", "vbscript")):
            context.removed += 1
        return None
    if url.startswith("#") or not url:
        return None
    if re.match(r"(https?:|mailto:)", url, re.I):
        return url
    if context.base_url and not re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
        return urljoin(context.base_url, url)
    return None
