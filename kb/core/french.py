"""French text helpers shared by every stage: folding, dictionary order,
dates, numbers and plurals, the byline of a testimonial, values quoted in messages.

They depend on nothing but the standard library, so the command-line tools
(import, suggest) use exactly the same rules as the build.
"""

from __future__ import annotations

import reprlib
import unicodedata
from collections.abc import Mapping
from typing import Any

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
          "août", "septembre", "octobre", "novembre", "décembre")
NARROW_NBSP = "\u202f"  # in numbers (« 1 000 »), and before « ; ! ? »
NBSP = "\u00a0"  # before « : », inside « guillemets »
SHORT = 80  # characters of a value quoted in a message: one short line


def fold(word: str) -> str:
    """Lower case, no accents, no ligatures (œ → oe, æ → ae)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("œ", "oe").replace("æ", "ae")


def french_sort_key(text: str) -> tuple[str, str]:
    """Dictionary order for French: compare letters first, accents only to break ties.

    Sphinx's own ``:sorted:`` compares NFD strings, where a combining accent
    sorts after every letter: « Écosystème » would land after « Expérience ».
    """
    folded = text.casefold()
    base = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return base, folded


def french_date(iso: str | None) -> str:
    """« 3 mai 2014 », « mai 2014 », « 2014 », or « date inconnue »."""
    if not iso:
        return "date inconnue"
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = "1er" if parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"


def number(count: int) -> str:
    """« 1 000 », « 12 345 »: French groups digits by three with a narrow no-break space."""
    return f"{count:,}".replace(",", NARROW_NBSP)


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """« 0 thèse », « 1 thèse », « 2 thèses », « 1 000 thèses » (French: singular below two)."""
    return f"{number(count)} {word if count < 2 else plural_form or word + 's'}"


def byline(meta: Mapping[str, Any]) -> str:
    """« Auteur — Fonction — Organisation », from a testimonial's metadata."""
    parts = [meta.get(key) for key in ("auteur", "role", "organisation")]
    return " — ".join(p for p in parts if p)


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 6
_REPR.maxstring = _REPR.maxother = SHORT


def shorten(value: Any, limit: int = SHORT) -> str:
    """*value* as one short line, to quote in a message: runs of white space
    (line breaks included) become one space, and a text longer than *limit*
    characters is cut, at a space when one is near, and ends with « … ».

    A list or a mapping is abbreviated before it is turned into text, so that
    quoting a huge value costs no more than quoting a small one.
    """
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        text = _REPR.repr(value).replace("...", "…")
    else:
        text = str(value)
    head = " ".join(text[:limit * 4].split())
    if len(head) <= limit and len(text) <= limit * 4:
        return head
    cut = head[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
