"""A testimonial page as ``suggest`` sees it: where the author's prose is, and
what in it must never be touched.

A light scanner of MyST (no Sphinx, no Markdown renderer: offsets into the
source are what matters here). Left out of the prose: the front matter,
headings (ATX and setext), code blocks (fenced and indented), directives
other than admonitions, directive options, targets, comments, HTML blocks,
link definitions. Inside the prose, protected spans: code spans and roles,
links and images (text and address), autolinks and bare addresses, inline
HTML, footnote references, substitutions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from kbtools.messages import system_error

# Directives whose content is prose (MyST parses it as Markdown).
PROSE_DIRECTIVES = frozenset({
    "admonition", "attention", "caution", "danger", "epigraph", "error", "highlights", "hint", "important",
    "note", "pull-quote", "seealso", "sidebar", "tip", "topic", "warning", "dropdown", "card", "tab-item",
})

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*(?P<info>[^\n]*)$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)(?P<rest>.*)$")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")
_TARGET = re.compile(r"^[ \t]*\([^()\s]+\)=[ \t]*$")
_COMMENT = re.compile(r"^[ \t]*%")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:")
_HTML_BLOCK = re.compile(r"^ {0,3}<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|!--|\?|![A-Za-z]|!\[CDATA\[)")

# Inline: roles and code spans are found by the backtick scanner; the rest by these.
_ROLE_NAME = re.compile(r"\{[\w:.+-]+\}$")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
_INLINE_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BARE_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>]*[^\s<>.,;:!?)\]»”\"'’]")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_SUBSTITUTION = re.compile(r"\{\{.*?\}\}", re.S)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_ROLE_CONTENT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]*)>\s*$", re.S)


class PageError(Exception):
    """A page that cannot be read: a French message naming the file (and the line)."""


@dataclass(frozen=True)
class Role:
    """A role already in the page: ``{term}`texte <Cible>` `` and the like."""

    start: int
    end: int
    name: str
    title: str
    target: str


@dataclass(frozen=True)
class Link:
    """A link of the page (Markdown link, autolink or bare address): where, its text, its address."""

    start: int
    end: int
    text: str
    url: str


@dataclass
class Page:
    """The page's text and, for ``suggest``, its prose blocks and protected spans."""

    name: str
    text: str
    blocks: list[tuple[int, int]] = field(default_factory=list)  # prose: [start, end) offsets
    protected: list[tuple[int, int]] = field(default_factory=list)  # inside the blocks, sorted
    headings: list[tuple[int, int]] = field(default_factory=list)  # never proposed in, but may hold roles
    roles: list[Role] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of *offset*."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def is_free(self, start: int, end: int) -> bool:
        """Whether [start, end) lies in one prose block and touches no protected span."""
        if not any(s <= start and end <= e for s, e in self.blocks):
            return False
        index = bisect.bisect_left(self.protected, (start, start))
        for s, e in self.protected[max(0, index - 1):]:
            if s >= end:
                break
            if e > start:
                return False
        return True


def read_page(path: Path, name: str | None = None) -> Page:
    """Read and scan a page; :class:`PageError` for a missing file, bad UTF-8, no front matter."""
    name = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PageError(f"{name} : fichier introuvable") from None
    except IsADirectoryError:
        raise PageError(f"{name} : c’est un dossier, pas une page") from None
    except OSError as error:
        raise PageError(f"{name} : lecture impossible ({system_error(error)})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise PageError(f"{name}:{line}: ce fichier n’est pas en UTF-8 (octet {data[error.start]:#04x}) ; "
                        "enregistrez-le en UTF-8") from None
    return scan(text, name)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its end) for every line of *text*."""
    result, offset = [], 0
    for line in _LINE.findall(text):  # Markdown's line ends only (str.splitlines knows more)
        result.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return result


def scan(text: str, name: str = "<page>") -> Page:
    """Scan *text* (a whole page, front matter first)."""
    page = Page(name, text)
    lines = _lines(text)
    page._line_starts = [offset for offset, _ in lines] or [0]
    first = 0
    if lines and lines[0][1].lstrip("\ufeff").rstrip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i][1].rstrip() in ("---", "...")), None)
        if closing is None:
            raise PageError(f"{name}:1: l’en-tête YAML n’est pas fermé : ajoutez une ligne « --- » après ses champs")
        first = closing + 1
    else:
        raise PageError(f"{name}:1: la page n’a pas d’en-tête YAML (il commence par une ligne « --- ») ; "
                        "est-ce bien un témoignage ?")
    _scan_blocks(page, lines, first)
    for start, end in page.blocks:
        _scan_inline(page, start, end)
    # The roles already there, in the prose and in headings (not in code blocks).
    for block_start, block_end in sorted(page.blocks + page.headings):
        for start, end, role_name, content in code_spans(text, block_start, block_end):
            if role_name and content is not None:
                match = _ROLE_CONTENT.match(content)
                title, target = (match["title"], match["target"]) if match else (content, content)
                page.roles.append(Role(start, end, role_name, " ".join(title.split()), " ".join(target.split())))
    page.protected.sort()
    return page


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _list_content(match: re.Match) -> int:
    """The column where a list item's content starts (CommonMark: 1 to 4 spaces after the marker)."""
    start = _indent(match["indent"]) + len(match["marker"])
    spaces = len(match["space"].expandtabs(4))
    return start + (spaces if match["rest"].strip() and 1 <= spaces <= 4 else 1)


def _scan_blocks(page: Page, lines: list[tuple[int, str]], first: int) -> None:
    """The prose blocks: runs of prose lines, split at blank lines and list items."""
    fences: list[tuple[str, bool, int | None]] = []  # open fences: (fence, content is prose, list before)
    block: list[int] = []  # line indices of the current block
    previous_blank = True
    in_options = False
    content: int | None = None  # the content column of the current list item, in a list
    empty_item = False  # the current list item has no content yet
    in_html = False  # an HTML block runs to the next blank line

    def close() -> None:
        if block:
            start = lines[block[0]][0]
            end = lines[block[-1]][0] + len(lines[block[-1]][1])
            page.blocks.append((start, end))
            block.clear()

    for index in range(first, len(lines)):
        line = lines[index][1]
        stripped = line.strip(" \t")  # Markdown's blank: spaces and tabs only (not U+00A0)
        prose = not fences or fences[-1][1]
        if fences:  # a closing fence?
            fence = fences[-1][0]
            empty_item = False
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                close()
                content = fences.pop()[2]  # a list opened inside the fence ends with it
                in_options = False
                previous_blank = True
                continue
        if not prose:
            continue
        if not stripped:
            close()
            in_html = False
            if empty_item:  # an empty list item followed by a blank line ends the list
                content = None
            previous_blank = True
            in_options = False
            continue
        if in_html:
            continue
        indent = _indent(line)
        item = _LIST_ITEM.match(line)
        if content is not None and indent < content and not item and (previous_blank or not block):
            content = None  # a line left of the list's content, after a blank or a block: the list is over
        relative = indent - (content or 0)
        opening = _FENCE_OPEN.match(line)
        if opening and relative < 4 and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            close()
            info = opening["info"].strip()
            directive = re.match(r"\{([\w:.+-]+)\}", info)
            fences.append((opening["fence"], bool(directive) and directive.group(1) in PROSE_DIRECTIVES, content))
            in_options = True
            previous_blank = empty_item = False
            continue
        if in_options and (_OPTION.match(line) or stripped == "---"):
            continue  # a directive's options
        in_options = False
        if _SETEXT.match(line) and block and not (_BREAK.match(line) and _LIST_ITEM.match(lines[block[0]][1])):
            # The paragraph above was a setext heading.
            page.headings.append((lines[block[0]][0], lines[block[-1]][0] + len(lines[block[-1]][1])))
            block.clear()
            previous_blank = False
            continue
        if relative >= 4 and not block:  # an indented code block
            close()
            previous_blank = empty_item = False
            continue
        if (_HEADING.match(line) or _BREAK.match(line) or _TARGET.match(line) or _COMMENT.match(line)
                or _LINK_DEFINITION.match(line) or (_HTML_BLOCK.match(line) and not block)
                or (_OPTION.match(line) and not block)):
            close()
            if _HEADING.match(line):
                page.headings.append((lines[index][0], lines[index][0] + len(line)))
            in_html = bool(_HTML_BLOCK.match(line))
            if content is not None and indent < content:
                content = None  # a heading, a break… left of the list's content ends the list
            previous_blank = empty_item = False
            continue
        if item and (relative < 4 or block):
            close()
            content = _list_content(item)
            empty_item = not item["rest"].strip()
        else:
            empty_item = False
        block.append(index)
        previous_blank = False
    close()


def code_spans(text: str, start: int, end: int) -> list[tuple[int, int, str | None, str | None]]:
    """Code spans and roles in text[start:end]: (start, end, role name or None, content).

    A lone backtick run counts as a span to the end (content None): a backtick
    inserted after it, such as a role's, would pair with it."""
    found = []
    position = start
    runs = re.compile(r"`+")
    while True:
        opening = runs.search(text, position, end)
        if opening is None:
            break
        size = len(opening.group())
        closing = opening
        while True:
            closing = runs.search(text, closing.end(), end)
            if closing is None or len(closing.group()) == size:
                break
        if closing is None:  # a lone run of backticks: literal, but a role after it would close it
            found.append((opening.start(), end, None, None))
            position = opening.end()
            continue
        role = re.search(r"\{[\w:.+-]+\}$", text[max(start, opening.start() - 40):opening.start()])
        span_start = opening.start() - len(role.group()) if role else opening.start()
        content = text[opening.end():closing.start()]
        found.append((span_start, closing.end(), role.group()[1:-1] if role else None, content))
        position = closing.end()
    return found


def _brackets(text: str, start: int, end: int, code: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Markdown links and images in text[start:end]: (start, end, text, address)."""
    found = []
    position = start
    while True:
        opening = text.find("[", position, end)
        if opening < 0:
            break
        if any(s <= opening < e for s, e in code) or (opening > 0 and text[opening - 1] == "\\"):
            position = opening + 1
            continue
        depth, index = 0, opening
        while index < end:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            depth += char == "["
            depth -= char == "]"
            if depth == 0:
                break
            index += 1
        if index >= end:  # a « [ » never closed: literal
            position = opening + 1
            continue
        label_end = index + 1
        link_start = opening - 1 if opening > start and text[opening - 1] == "!" else opening
        if label_end < end and text[label_end] == "(":
            depth, close = 0, label_end
            while close < end:
                depth += text[close] == "("
                depth -= text[close] == ")"
                if depth == 0:
                    break
                close += 1
            close = min(close, end - 1)
            url = text[label_end + 1:close].strip().split()[0] if text[label_end + 1:close].strip() else ""
            found.append((link_start, close + 1, text[opening + 1:index], url))
            position = close + 1
        elif label_end < end and text[label_end] == "[":
            close = text.find("]", label_end, end)
            close = end - 1 if close < 0 else close
            found.append((link_start, close + 1, text[opening + 1:index], ""))
            position = close + 1
        else:
            # « [texte] » alone: a reference to a definition, or literal brackets: left alone either way.
            found.append((link_start, label_end, text[opening + 1:index], ""))
            position = label_end
    return found


def _scan_inline(page: Page, start: int, end: int) -> None:
    text = page.text
    code = [(s, e) for s, e, _, _ in code_spans(text, start, end)]
    page.protected.extend(code)

    def outside_code(s: int) -> bool:
        return not any(cs <= s < ce for cs, ce in code)

    for s, e, label, url in _brackets(text, start, end, code):
        page.protected.append((s, e))
        if url:
            page.links.append(Link(s, e, label, url))
    for pattern in (_AUTOLINK, _INLINE_HTML, _FOOTNOTE, _SUBSTITUTION):
        for match in pattern.finditer(text, start, end):
            if outside_code(match.start()):
                page.protected.append(match.span())
                if pattern is _AUTOLINK:
                    page.links.append(Link(*match.span(), match.group()[1:-1], match.group()[1:-1]))
    for match in _BARE_URL.finditer(text, start, end):
        if outside_code(match.start()) and not any(s <= match.start() < e for s, e in page.protected):
            page.protected.append(match.span())
            page.links.append(Link(*match.span(), match.group(), match.group()))
