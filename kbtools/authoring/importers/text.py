"""Plain text (``.txt``, and the text part of an e-mail).

Paragraphs are separated by blank lines; a line made only of spaces,
including no-break spaces, is blank. Inside a paragraph, line breaks are kept
as line breaks of the source; a paragraph whose every line starts with a
dash, a bullet or a number (a list, a dialogue) becomes one paragraph per
line, so that each line still starts its own line once rendered. Web
addresses become links (their text unchanged).
"""

from __future__ import annotations

import re
from pathlib import Path

from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.sources import decode_text

URL = re.compile(r"https?://[^\s<>\"«»“”]+", re.I)
TRAILING = ".,;:!?…)]}»”’'\""
MARKER = re.compile(r"\s*(?:[-–—•*·]|\d{1,3}[.)])\s")
# Markup that runs code in a browser: a plain text carrying it is refused
# (it would be shown as text at best; a testimonial has no reason to hold it).
ACTIVE = re.compile(r"<\s*(?:script|iframe|object|embed)\b|<[^>]*\son\w+\s*=|javascript\s*:", re.I)


def linked(text: str) -> list:
    """Inline nodes of *text*, its web addresses as links (trailing punctuation left out)."""
    out: list = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        if not url or len(url) <= len("https://"):
            continue
        if match.start() > position:
            out.append(d.Text(text[position:match.start()]))
        out.append(d.Link(url, [d.Text(url)]))
        position = match.start() + len(url)
    if position < len(text):
        out.append(d.Text(text[position:]))
    return out


def check_active(text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if ACTIVE.search(line):
            raise Refused("le texte contient du code pour navigateur (<script>, gestionnaire « on…= » ou lien "
                          "« javascript: ») : il n’a pas sa place dans un témoignage ; retirez-le, ou importez "
                          "la page .html d’origine, dont le code est retiré", line=number)


def paragraphs(text: str) -> list:
    """The blocks of a plain text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        if not current:
            return
        lines = [line for _, line in current]
        if len(lines) > 1 and all(MARKER.match(line) for line in lines):
            blocks.extend(d.Paragraph(linked(line.strip()), line=number) for number, line in current)
        else:
            inlines: list = []
            for _, line in current:
                if inlines:
                    inlines.append(d.SoftBreak())
                inlines.extend(linked(line.strip()))
            blocks.append(d.Paragraph(inlines, line=current[0][0]))
        current.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():  # str.strip() also removes no-break spaces
            current.append((number, line.rstrip()))
        else:
            close()
    close()
    return blocks


def load(path: Path, data: bytes, work: Path) -> d.Document:
    text = decode_text(data)
    check_active(text)
    return d.Document(paragraphs(text))
