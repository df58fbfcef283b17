"""What the LaTeX writer must add so that every character reaches the PDF,
and so that a failure of XeLaTeX names its page.

Very long words: TeX never hyphenates a word of more than 63 letters, so a
500-letter word ran off the page. Break points are allowed in long runs.

Characters FreeSerif lacks (emoji, pictographs, dingbats) set in Symbola.

XeTeX has no font fallback, and the interchar-token packages that emulate
one lose track of the font around punctuation (« 😀, » leaves the rest of
the book in Symbola). The LaTeX writer wraps each such character in its
own group instead: ``{\\kbsymbols 😀}``; ``\\kbsymbols`` is defined in the
preamble (conf.py).

Very long lines: TeX reads its input a line at a time into a buffer of
200,000 characters, and a paragraph without line breaks (a Word file
without paragraph marks) stopped the book. Text is written in lines of
about ``LINE_CHUNK`` characters: a line end where there was a space (both
are one space to TeX), or ``%`` and a line end inside a run without spaces
(TeX ignores both). The typeset result is the same.

Very long paragraphs: TeX's time to break a paragraph into lines grows with
the square of its length (300,000 characters: 30 s; 2 MB: most of an hour).
A paragraph longer than ``PARAGRAPH_CHUNK`` is set as several TeX
paragraphs joined without a seam: each part but the last ends with a full
line (``\\parfillskip`` of zero) and the next starts without an indent.

Source markers: before each block (paragraph, section, table, figure…) the
writer adds a comment ``%% kb-source: temoignages/x.md:12``, invisible to
TeX, so that the build can name the page and line of a LaTeX error
(``kbtools/build/latex.py``).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from kb.core.config import LATEX_SOURCE_MARKER as MARKER
from kb.write.latexonepass import OnePassTranslator
from kb.write.latexstream import StreamingTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LONG_WORD = re.compile(r"\w{40,}")
BREAK_EVERY = 20
SYMBOLS = re.compile("([\u2600-\u27bf\U0001f000-\U0001faff][\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]?)")
LINE_CHUNK = 1000  # characters of text per line of the .tex, far below TeX's buffer
PARAGRAPH_CHUNK = 20_000  # characters per TeX paragraph: line breaking stays linear
PARAGRAPH_JOIN = "\n{\\parfillskip=0pt\\par}\\noindent\\sphinxAtStartPar\n"
MARKED = (nodes.Body, nodes.section, nodes.term)


class KbLaTeXTranslator(StreamingTranslator, OnePassTranslator):
    _in_uri = False
    _last_marker: tuple[str, int] | None = None

    def encode(self, text: str) -> str:
        text = super().encode(text)
        if self._in_uri:  # a link target must stay byte for byte
            return text
        text = SYMBOLS.sub(r"{\\kbsymbols \1}", text)
        # babel-french puts a space before every « : » of running text, which
        # would print « https ://… » for an address written as text: not
        # before that one (babel's \NoAutoSpacing, in a group).
        text = text.replace("://", r"{\NoAutoSpacing:}//")
        if self.literal_whitespace or self.in_parsed_literal:  # there, a line end is a line end
            return text
        return break_lines(LONG_WORD.sub(_breakable, text))

    def visit_Text(self, node: nodes.Text) -> None:
        text = node.astext()
        if len(text) > PARAGRAPH_CHUNK and self._in_plain_paragraph(node):
            self.body.append(PARAGRAPH_JOIN.join(self.encode(part) for part in split_paragraph(text)))
        else:
            super().visit_Text(node)

    def _in_plain_paragraph(self, node: nodes.Text) -> bool:
        """Text right in a paragraph of running text, where ``\\par`` may end a part of it."""
        return (isinstance(node.parent, nodes.paragraph) and not self.tables and not self.literal_whitespace
                and not (self.in_parsed_literal or self.in_title or self.in_footnote or self.in_caption
                         or self.in_term))

    def encode_uri(self, text: str) -> str:
        self._in_uri = True
        try:
            return super().encode_uri(text)
        finally:
            self._in_uri = False

    def dispatch_visit(self, node: nodes.Node) -> None:
        if not isinstance(node, MARKED) or self.literal_whitespace or self.in_parsed_literal:
            return super().dispatch_visit(node)
        # A comment line is invisible to TeX only at the start of a line: before
        # the block if the output is at one, otherwise after the block's opening.
        if self._at_line_start():
            self._mark(node)
            return super().dispatch_visit(node)
        try:
            return super().dispatch_visit(node)
        finally:
            if self._at_line_start():
                self._mark(node)

    # Each page starts and ends with no marker in effect: its first marker is
    # written whatever came before (it names another file anyway), and the
    # writer's state between pages does not depend on their last lines
    # (kb.write.latexpages compares that state).
    def visit_start_of_file(self, node: nodes.Element) -> None:
        self._last_marker = None
        super().visit_start_of_file(node)

    def depart_start_of_file(self, node: nodes.Element) -> None:
        self._last_marker = None
        super().depart_start_of_file(node)

    def _at_line_start(self) -> bool:
        return bool(self.body) and self.body[-1].endswith("\n")

    def _mark(self, node: nodes.Node) -> None:
        where = self._source_of(node)
        if where is not None and where != self._last_marker:
            self._last_marker = where
            self.body.append(f"{MARKER}{where[0]}:{where[1]}\n")

    def _source_of(self, node: nodes.Node) -> tuple[str, int] | None:
        if isinstance(node, nodes.section) and node.children:
            node = node[0]  # a section's line is its title's
        source, line = get_source_line(node)
        if not line:
            return None
        srcdir = str(self.builder.srcdir)
        if source and os.path.isabs(source.split(":", 1)[0]) and source.startswith(srcdir + os.sep):
            path = source[len(srcdir) + 1:].split(":", 1)[0]  # « file:docstring of … » in autodoc
        elif self.curfilestack and self.curfilestack[-1]:
            path = str(self.builder.env.doc2path(self.curfilestack[-1], False))
        else:
            return None
        return path.replace(os.sep, "/"), line


def split_paragraph(text: str, every: int = PARAGRAPH_CHUNK) -> list[str]:
    """*text* in parts of about *every* characters, cut at a space (dropped: the join is one)."""
    parts = []
    start = 0
    while len(text) - start > every:
        space = text.find(" ", start + every)
        if space == -1 or space == len(text) - 1:
            break
        parts.append(text[start:space])
        start = space + 1
    parts.append(text[start:])
    return parts


def break_lines(text: str, every: int = LINE_CHUNK) -> str:
    """*text*, encoded LaTeX, with a line end at least every *every* characters.

    A space becomes a line end (both are one space to TeX). In a run without
    spaces, ``%`` and a line end are inserted where they cannot split a
    command: TeX ignores both, so the tokens are exactly the same. A space at
    either end of an existing line is left alone: two line ends in a row
    would make a new paragraph.
    """
    if len(text) <= every:
        return text
    return "\n".join(_break_line(line, every) for line in text.split("\n"))


def _break_line(line: str, every: int) -> str:
    if len(line) <= every:
        return line
    pieces = []
    start = 0
    while len(line) - start > every:
        space = line.rfind(" ", start + every // 2, start + every)
        while space > start and line[space - 1] == "\\":  # « \ », a control space
            space = line.rfind(" ", start + every // 2, space)
        if space > start and space < len(line) - 1:
            pieces.append(line[start:space] + "\n")
            start = space + 1
            continue
        cut = _safe_cut(line, start + every, start + every // 2)
        pieces.append(line[start:cut] + "%\n")
        start = cut
    pieces.append(line[start:])
    return "".join(pieces)


def _safe_cut(line: str, position: int, lowest: int) -> int:
    """A position at or before *position* where ``%`` and a line end split no command."""
    for cut in range(position, lowest, -1):
        if line[cut - 1] == "\\":
            continue  # « \% », « \{ »: the character after a backslash belongs to it
        command = line.rfind("\\", lowest - 64 if lowest > 64 else 0, cut)
        if command != -1 and line[command + 1:cut].isalpha() and line[cut].isalpha():
            continue  # inside the name of a command
        return cut
    return position  # no command in sight: any position is safe


def _breakable(match: re.Match[str]) -> str:
    word = match.group()
    return r"\allowbreak{}".join(word[i:i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))


def setup_latexfonts(app: Sphinx) -> None:
    app.set_translator("latex", KbLaTeXTranslator)
