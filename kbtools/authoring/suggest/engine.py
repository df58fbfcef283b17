"""Proposals of cross-references for a testimonial, and applying them.

:class:`Suggester` is built once (the glossary's phrase matcher, the theses'
index) and then runs over any number of pages. For one page it proposes:

- theses: explicit mentions (« thèse 22 », « les thèses 1 et 95 », « la 22e
  thèse »), links to cluetrain.com that name a thesis, and quoted passages
  whose best thesis scores at least the threshold;
- glossary terms: the first occurrence of each entry (any of its terms, in
  any inflected form, accents as the glossary writes them).

One proposal per thesis and per glossary entry, none for what the page
already links, none in a heading, code, link, address or the front matter.
:func:`apply` wraps the proposed words in their roles and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.core.normalise import PhraseMatcher, accents_agree
from kbtools.authoring.suggest.page import Page, PageError, code_spans, scan
from kbtools.authoring.suggest.sources import Entry, Thesis, read_glossary, read_theses
from kbtools.authoring.suggest.theses import CLUETRAIN, THRESHOLD, ThesisIndex, cluetrain_thesis, mentions

# What a role may wrap: words, spaces, apostrophes, hyphens (terms); for a
# quotation, anything but Markdown markup and the role's own delimiters.
_TERM_TEXT = re.compile(r"^(?:[^\W_]|[\s'’ʼ‘\-‐‑\u0300-\u036f])+$")
_QUOTE_FORBIDDEN = re.compile(r"[`*_<>{}\[\]\\|$]")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # code spans never cross a blank line
_ROLE_TITLE = re.compile(r"^(?P<title>.*?)\s*<[^<>]*>$", re.S)

# Quotation marks: opening → closing. Straight quotes pair with themselves.
_QUOTES = {"«": "»", "“": "”", '"': '"'}
# « … cette citation : Avoir le sens… » (a passage introduced by « citation », no quotation marks)
_INTRODUCED = re.compile(r"\bcitations?\b[^.!?…«»“”\"\n]{0,80}?:[\s\u00a0\u202f]*(?![«“\"])(?P<passage>[^\n]+?)"
                         r"(?:(?<=[.!?…])(?=\s)|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    """One proposal: wrap ``text`` (page offsets ``start``–``end``) in ``role``."""

    start: int
    end: int
    line: int
    column: int
    text: str
    kind: str  # "these" or "term"
    target: str  # the thesis number, or the glossary term as the glossary writes it
    role: str  # the exact MyST that replaces ``text``
    reason: str  # in French
    applicable: bool = True  # False: a link to cluetrain.com, to replace by hand

    def as_json(self, file: str | None = None) -> dict:
        data = {key: value for key, value in asdict(self).items() if key not in {"start", "end", "applicable"}}
        return {"file": file, **data} if file is not None else data


def _french_number(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


def strip_roles(text: str) -> str:
    """*text* with every ``{term}`` and ``{these}`` role replaced by the words it shows
    in the source (``{term}`x <Y>` `` → ``x``): what ``--apply`` must leave unchanged.

    Backticks pair as in Markdown, within a paragraph or a list item: « ` {term}`x` »
    is a code span followed by a lone backtick, not a role. Roles in code blocks are
    left as they are."""
    try:
        page = scan(text)
        chunks = sorted(page.blocks + page.headings)
    except PageError:  # not a page: paragraphs
        chunks = [match.span() for match in _PARAGRAPH.finditer(text)]
    parts, position = [], 0
    for chunk in chunks:
        for start, end, name, content in code_spans(text, *chunk):
            if name in {"term", "these"} and content is not None:
                title = _ROLE_TITLE.match(content)
                parts += [text[position:start], title["title"] if title else content]
                position = end
    return "".join(parts) + text[position:]


def apply(text: str, suggestions: Iterable[Suggestion]) -> str:
    """*text* with each applicable suggestion's words wrapped in its role."""
    result = text
    for suggestion in sorted((s for s in suggestions if s.applicable), key=lambda s: s.start, reverse=True):
        if result[suggestion.start:suggestion.end] != suggestion.text:
            raise ValueError(f"proposition périmée à la ligne {suggestion.line} : le texte a changé")
        result = result[:suggestion.start] + suggestion.role + result[suggestion.end:]
    return result


def quoted_passages(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted passages of text[start:end] (without their quotation marks, trimmed):
    « … », “ … ”, " … ", a quotation left open until the end of the block, and a
    passage introduced by « citation : »."""
    found = []
    opening: tuple[str, int] | None = None
    for index in range(start, end):
        char = text[index]
        if opening is not None and char == _QUOTES[opening[0]]:
            found.append((opening[1] + 1, index))
            opening = None
        elif opening is None and char in _QUOTES:
            opening = (char, index)
    if opening is not None:
        found.append((opening[1] + 1, end))
    for match in _INTRODUCED.finditer(text, start, end):
        found.append(match.span("passage"))
    trimmed = []
    for s, e in found:
        while s < e and (text[s].isspace()):
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return sorted(set(trimmed))


class Suggester:
    """The glossary and the theses, prepared once for any number of pages."""

    def __init__(self, entries: list[Entry], theses: dict[int, Thesis], *, threshold: float = THRESHOLD) -> None:
        self.entries = entries
        self.theses = theses
        self.threshold = threshold
        self.matcher: PhraseMatcher[tuple[int, int]] = PhraseMatcher()
        self.exact: dict[str, int] = {}
        for entry_index, entry in enumerate(entries):
            for term_index, term in enumerate(entry.terms):
                self.matcher.add(term, (entry_index, term_index))
                self.exact[term.lower()] = entry_index
        self.index = ThesisIndex(theses)

    @classmethod
    def from_source(cls, source: Path, **kwargs) -> Suggester:
        """From the glossary and the theses of the knowledge base in *source*."""
        return cls(read_glossary(source), read_theses(source), **kwargs)

    # --- what the page already links -----------------------------------------

    def entries_of(self, target: str) -> set[int]:
        """The glossary entries a ``{term}`` target designates (exactly, or an inflected form)."""
        exact = self.exact.get(" ".join(target.split()).lower())
        if exact is not None:
            return {exact}
        return {entry for entry, _ in self.matcher.lookup(target)}

    def _linked(self, page: Page) -> tuple[set[int], set[int]]:
        entries: set[int] = set()
        theses: set[int] = set()
        for role in page.roles:
            if role.name == "term":
                entries |= self.entries_of(role.target)
            elif role.name == "these" and role.target.isdigit():
                theses.add(int(role.target))
        return entries, theses

    # --- proposals -------------------------------------------------------------

    def suggest(self, page: Page) -> list[Suggestion]:
        """The proposals for *page*, in page order."""
        linked_entries, linked_theses = self._linked(page)
        taken: list[tuple[int, int]] = []  # spans already proposed
        found: list[Suggestion] = []

        def overlaps(start: int, end: int) -> bool:
            return any(s < end and start < e for s, e in taken)

        for suggestion in self._theses(page):
            number = int(suggestion.target)
            if number in linked_theses or overlaps(suggestion.start, suggestion.end):
                continue
            linked_theses.add(number)
            taken.append((suggestion.start, suggestion.end))
            found.append(suggestion)
        for suggestion in self._terms(page, overlaps):
            entry = self.entries_of(suggestion.target)
            if entry & linked_entries:
                continue
            linked_entries |= entry
            taken.append((suggestion.start, suggestion.end))
            found.append(suggestion)
        return sorted(found, key=lambda s: s.start)

    @staticmethod
    def _wrappable(page: Page, start: int, end: int) -> bool:
        """Whether a role can replace text[start:end]: in free prose, and not touching a
        backtick (« `x`clients » would merge the role's backtick with the code span's)."""
        text = page.text
        return (page.is_free(start, end) and (start == 0 or text[start - 1] != "`")
                and (end == len(text) or text[end] != "`"))

    def _make(self, page: Page, start: int, end: int, kind: str, target: str, role: str, reason: str,
              applicable: bool = True) -> Suggestion:
        line, column = page.position(start)
        return Suggestion(start, end, line, column, page.text[start:end], kind, target, role, reason, applicable)

    def _thesis_label(self, number: int) -> str:
        thesis = self.theses.get(number)
        return f"thèse {number} « {thesis.title} »" if thesis else f"thèse {number}"

    def _theses(self, page: Page) -> list[Suggestion]:
        """Thesis proposals in order of confidence: mentions, links, then quotations (each in page order)."""
        text = page.text
        mentioned, linked, quoted = [], [], []
        for block_start, block_end in page.blocks:
            block = text[block_start:block_end]
            for start, end, number in mentions(block):
                start, end = block_start + start, block_start + end
                if self._wrappable(page, start, end):
                    words = text[start:end]
                    mentioned.append(self._make(page, start, end, "these", str(number), f"{{these}}`{words} <{number}>`",
                                                f"mention explicite de la {self._thesis_label(number)}"))
            for start, end in quoted_passages(text, block_start, block_end):
                passage = text[start:end]
                if _QUOTE_FORBIDDEN.search(passage) or not self._wrappable(page, start, end):
                    continue
                best = self.index.best(passage, self.threshold)
                if best is None:
                    continue
                language = "citation en anglais" if best.language == "en" else "citation"
                quoted.append(self._make(
                    page, start, end, "these", str(best.number), f"{{these}}`{passage} <{best.number}>`",
                    f"{language} proche de la {self._thesis_label(best.number)} : score {_french_number(best.score)} "
                    f"pour un seuil de {_french_number(self.threshold)}"))
        for link in page.links:
            if not CLUETRAIN.search(link.url):
                continue
            number = cluetrain_thesis(link.url)
            if number is None:
                continue  # the manifesto as a whole: the glossary's « Manifeste des évidences » says it
            words = link.text if link.text != link.url else f"thèse {number}"
            linked.append(self._make(
                page, link.start, link.end, "these", str(number), f"{{these}}`{words} <{number}>`",
                f"lien vers la {self._thesis_label(number)} sur cluetrain.com : remplacez-le à la main "
                "par ce rôle (--apply ne modifie pas les liens)", applicable=False))
        return mentioned + linked + quoted

    def _terms(self, page: Page, overlaps) -> Iterable[Suggestion]:
        """Every glossary phrase in the prose, in page order (the caller keeps the first per entry)."""
        text = page.text
        for block_start, block_end in page.blocks:
            block = text[block_start:block_end]
            for match in self.matcher.find(block):
                start, end = block_start + match.start, block_start + match.end
                words = text[start:end]
                if not _TERM_TEXT.match(words) or overlaps(start, end) or not self._wrappable(page, start, end):
                    continue
                term = self._choose_term(words, match.values)
                if term is None:
                    continue
                yield self._make(page, start, end, "term", term, f"{{term}}`{words} <{term}>`",
                                 self._term_reason(term))

    def _choose_term(self, words: str, values: frozenset[tuple[int, int]]) -> str | None:
        """The glossary term to link *words* to: one entry only, accents as the glossary
        writes them; among its terms, the one written most like *words*."""
        entries = {entry for entry, _ in values}
        if len(entries) != 1:
            return None  # two entries share this form: the author decides
        terms = [self.entries[entry].terms[index] for entry, index in sorted(values)]
        terms = [term for term in terms if accents_agree(words, term)]
        if not terms:
            return None

        def likeness(term: str) -> tuple[bool, bool]:
            return term.lower() == words.lower(), ("-" in term) == ("-" in words)

        return max(terms, key=likeness)

    def _term_reason(self, term: str) -> str:
        entry = next(e for e in self.entries if term in e.terms)
        if term == entry.terms[0]:
            return f"terme du glossaire « {term} », première occurrence dans la page"
        return f"terme du glossaire « {term} », synonyme de « {entry.terms[0]} », première occurrence dans la page"
