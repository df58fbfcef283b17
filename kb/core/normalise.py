"""One French normalisation for matching words: glossary terms in a page,
a page's quotation against the theses, and (issue 14) a reader's query
against the site.

A text and a query match whenever they differ only by accents, case, the
ligatures œ and æ, the apostrophe (' ’), an elision (l’ d’ qu’ j’ s’ n’ c’ m’
t’ jusqu’ lorsqu’ puisqu’ quoiqu’), hyphens in compounds (start-up, startup,
start up) or regular inflection (singular and plural, masculine and feminine).

The key of a word is computed in this order:

1. fold: lower case, no accents, no ligatures (:func:`kb.core.french.fold`);
2. strip the elision: « l’expérience » → « experience »;
3. stem the *folded* word with the French Snowball stemmer, so that
   « publicité » and « publicite » get the same key (stemming before folding,
   as Sphinx's search does, gives « publiqu » and « publicit »).

Snowball's French rules read accents (-ité, -ée, -ière): on a folded word
they no longer fire, and « agilité » would not meet « agiles ». So the
folded word gets those endings back before stemming (a function of the
folded word alone: both spellings still get one key). Three feminine
endings Snowball leaves apart are then joined: -euse/-eux/-eur (vendeuse,
vendeur; heureuse, heureux), -ive/-if (active, actif), -trice/-teur
(utilisatrice, utilisateur). ``tests/authoring/test_normalise.py`` measures
each rule on pairs that must and must not match.

Known conflations, accepted: words that differ only by an accent (« marché »
and « marche », « côte » and « cote ») share a key, as they must for a
reader who types without accents; Snowball also joins some unrelated words
(« marche » and « marcher »). Authoring tools that know the writer used
accents can check them with :func:`accents_agree`.

Standard library and snowballstemmer only, so the command-line tools and a
browser port (a few lines around Snowball's JavaScript stemmer) can follow
exactly the same rules. snowballstemmer hands the stemming to PyStemmer
(Snowball's C code) when it is installed (requirements.txt): the same
algorithm and the same stems (tests/authoring/test_normalise.py compares
them), 100 times faster. The search page's labels alone stemmed for 17 ms
of every HTML build at 1,000 testimonials in pure Python, about a tenth of
what kb adds to a build that reads one page.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Generic, NamedTuple, TypeVar

import snowballstemmer

from kb.core.french import fold

APOSTROPHES = "'’ʼ‘"
HYPHENS = "-‐‑"  # hyphen-minus, hyphen, non-breaking hyphen (not the dashes – —)
ELISIONS = frozenset({"l", "d", "qu", "j", "s", "n", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"})

# A word: letters and digits (with combining accents, for text not in NFC),
# possibly joined by apostrophes (« l’humour », « aujourd’hui »).
_LETTERS = r"(?:[^\W_]|[\u0300-\u036f])+"
WORD = re.compile(rf"{_LETTERS}(?:[{APOSTROPHES}]{_LETTERS})*")
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")

# Folded French words too common to tell texts apart (for ranking, never for
# matching a phrase: « canal de relation » keeps its « de »).
STOPWORDS = frozenset("""
a ai aie aient aies ait as au aucun aussi autre autres aux avaient avais avait avant avec avez aviez avoir avons ayant
c ca car ce ceci cela celle celles celui ces cet cette ceux chaque chez ci comme comment d dans de des deja depuis donc
dont du elle elles en encore entre est et etaient etais etait etant ete etes etre eu eux fait faire fois font hors ici il
ils j je jusqu l la le les leur leurs lorsqu lui m ma mais me meme memes mes moi mon n ne ni non nos notre nous on ont ou
par parce pas peu peut plus pour pourquoi puis puisqu qu quand que quel quelle quelles quels qui quoi s sa sans se sera
serait ses si sien soi soit son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un une vers vos
votre vous y
""".split())


class Token(NamedTuple):
    """A word of a text: its offsets in the *original* text, and its key.

    ``glued`` tells that a hyphen joins it to the previous token (the second
    part of « start-up »); an elision is outside the offsets (« l’humour »
    gives the token « humour »).
    """

    start: int
    end: int
    key: str
    glued: bool = False


_STEMMER = snowballstemmer.stemmer("french")

# Endings whose Snowball rules need the accent the folding removed.
_REACCENT = (
    (re.compile(r"ite(s?)$"), r"ité\1"),  # agilité, publicité
    (re.compile(r"iere(s?)$"), r"ière\1"),  # première, dernière
    (re.compile(r"(?<=.)e?ee(s?)$"), r"e\1"),  # salariée → salarie like salarié; créée → cree like créé
)
# vendeuse, heureuse, heureux → -eur (Snowball: vendeux, heureux, achet for acheteuse).
_EUR = re.compile(r"(?<=...)eu(?:x|ses?)$")


def strip_elision(folded: str) -> str:
    """« l'humour » → « humour », « jusqu'a » → « a », « aujourd'hui » → « aujourdhui »
    (on a folded word; the remaining apostrophes are removed)."""
    parts = _APOSTROPHE.split(folded)
    while len(parts) > 1 and parts[0] in ELISIONS:
        parts = parts[1:]
    return "".join(parts)


@functools.lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The key of one word: folded, without elision, stemmed.

    Hyphens are removed (the key of a compound, « start-up » → « startup »);
    numbers keep their digits. Cached: a text's words repeat.
    """
    return _key(strip_elision(fold(word)).translate(_NO_HYPHENS))


_NO_HYPHENS = str.maketrans("", "", HYPHENS)


@functools.lru_cache(maxsize=200_000)
def _key(folded: str) -> str:
    if not folded.isalpha():
        return folded
    word = folded
    for pattern, replacement in _REACCENT:
        word = pattern.sub(replacement, word)
    word = _EUR.sub("eur", word)
    stem = fold(_STEMMER.stemWord(word))
    # Masculine and feminine forms Snowball leaves apart.
    if stem.endswith("if"):  # actif, active (→ activ)
        stem = stem[:-1] + "v"
    elif stem.endswith("tric"):  # directrice (→ directric), directeur
        stem = stem[:-3] + "eur"
    return stem


def tokens(text: str) -> list[Token]:
    """The words of *text*, with their offsets in *text* and their keys."""
    found: list[Token] = []
    for match in WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        # Drop leading elisions from the offsets: « l’humour » is the token « humour ».
        while True:
            apostrophe = _APOSTROPHE.search(word)
            if apostrophe is None or fold(word[:apostrophe.start()]) not in ELISIONS:
                break
            start += apostrophe.end()
            word = word[apostrophe.end():]
        glued = bool(found) and found[-1].end == match.start() - 1 and text[match.start() - 1] in HYPHENS
        found.append(Token(start, end, normalise_word(word), glued))
    return found


def groups(toks: list[Token]) -> Iterator[tuple[int, int]]:
    """The hyphenated groups of *toks*, as (first, last) indices (a lone word is a group)."""
    first = 0
    for index in range(1, len(toks) + 1):
        if index == len(toks) or not toks[index].glued:
            yield first, index - 1
            first = index


def compound_key(text: str, toks: list[Token], first: int, last: int) -> str:
    """The key of the compound *toks[first..last]* written as one word (« start-up » → « startup »)."""
    return normalise_word("".join(text[t.start:t.end] for t in toks[first:last + 1]))


def phrase_keys(phrase: str) -> set[tuple[str, ...]]:
    """Every key sequence of *phrase*: each hyphenated compound either part by part
    or as one word. « Start-up » → {("start", "up"), ("startup",)}."""
    toks = tokens(phrase)
    choices = []
    for first, last in groups(toks):
        parts = tuple(t.key for t in toks[first:last + 1])
        choices.append({parts, (compound_key(phrase, toks, first, last),)} if last > first else {parts})
    return {tuple(key for part in combination for key in part) for combination in product(*choices)}


V = TypeVar("V", bound=Hashable)


@dataclass(frozen=True)
class Match(Generic[V]):
    """A phrase found in a text: token indices, character offsets, the phrases' values."""

    first: int
    last: int
    start: int
    end: int
    values: frozenset[V]


@dataclass
class _Node(Generic[V]):
    children: dict[str, _Node[V]] = field(default_factory=dict)
    values: set[V] = field(default_factory=set)


class PhraseMatcher(Generic[V]):
    """Find many phrases (glossary terms) in a text at once: a trie over key
    sequences, built once, walked from each word of the text.

    A phrase matches whole hyphenated groups only (« client » does not match
    inside « relation-client »), part by part or as one word, so « start-up »,
    « start up », « startup » and « startups » all match the phrase « Start-up ».
    """

    def __init__(self) -> None:
        self._root: _Node[V] = _Node()

    def add(self, phrase: str, value: V) -> None:
        for keys in phrase_keys(phrase):
            if not keys:
                continue
            node = self._root
            for key in keys:
                node = node.children.setdefault(key, _Node())
            node.values.add(value)

    def add_all(self, phrases: Iterable[tuple[str, V]]) -> PhraseMatcher[V]:
        for phrase, value in phrases:
            self.add(phrase, value)
        return self

    def _edges(self, text: str, toks: list[Token], ends: dict[int, int], index: int) -> Iterator[tuple[str, int]]:
        """From the group starting at *index*: its words one by one, or the compound."""
        yield toks[index].key, index + 1
        last = ends.get(index)
        if last is not None:
            yield compound_key(text, toks, index, last), last + 1

    def find(self, text: str, toks: list[Token] | None = None) -> list[Match[V]]:
        """Every phrase in *text*: at each group, the longest one starting there;
        then from the end of it (leftmost longest, no overlap)."""
        toks = tokens(text) if toks is None else toks
        starts = {first: last for first, last in groups(toks)}
        ends = {first: last for first, last in starts.items() if last > first}
        found: list[Match[V]] = []
        index = 0
        while index < len(toks):
            best = self._longest(text, toks, starts, ends, index)
            if best is None:
                index += 1
                continue
            last, values = best
            found.append(Match(index, last, toks[index].start, toks[last].end, frozenset(values)))
            index = last + 1
        return found

    def _longest(self, text: str, toks: list[Token], starts: dict[int, int], ends: dict[int, int],
                 index: int) -> tuple[int, set[V]] | None:
        if index not in starts:
            return None
        best: tuple[int, set[V]] | None = None
        stack = [(self._root, index)]
        while stack:
            node, position = stack.pop()
            for key, following in self._edges(text, toks, ends, position):
                child = node.children.get(key)
                if child is None:
                    continue
                # A phrase ends only at the end of a hyphenated group.
                if child.values and (following == len(toks) or following in starts):
                    if best is None or following - 1 > best[0]:
                        best = (following - 1, set(child.values))
                    elif following - 1 == best[0]:  # part by part or as one word: the same words
                        best[1].update(child.values)
                if child.children and following < len(toks):
                    stack.append((child, following))
        return best

    def lookup(self, phrase: str) -> set[V]:
        """The values of the phrases that *phrase* matches as a whole."""
        toks = tokens(phrase)
        return set().union(*(m.values for m in self.find(phrase, toks) if m.first == 0 and m.last == len(toks) - 1))


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower()).replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in text if c.isalpha())


def accents_agree(written: str, reference: str) -> bool:
    """Whether *written* keeps the accents of *reference* where they spell the same letters.

    « marchés » agrees with « Marché », « agiles » with « Agilité »; « marche »
    and « ecosysteme » do not (a different word, or missing accents). A text in
    capitals agrees with anything: French capitals often drop their accents.
    """
    if written.isupper():
        return True
    a, b = _letters(written), _letters(reference)
    for x, y in zip(a, b, strict=False):
        if x == y:
            continue
        return fold(x) != fold(y)  # the first difference: an accent, or another letter
    return True
