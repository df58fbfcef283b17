"""Which thesis a passage quotes: explicit mentions (« thèse 22 », « la 22e
thèse »), and a ranking of the 95 theses against a quoted passage.

The ranking is a TF-IDF cosine over the keys of :mod:`kb.core.normalise`
(accents folded, elisions removed, stemmed), between the passage and each
thesis's French title and summary; a second cosine, over a light English
normalisation, compares the passage with the thesis's English gist and
keywords, for passages quoted in English. A passage is proposed for its best
thesis when the better of the two scores reaches :data:`THRESHOLD`, chosen
on the labelled passages of :mod:`kbtools.authoring.suggest.evaluation`
(``python -m bench.suggest --evaluate`` prints the curve).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kb.core.french import fold
from kb.core.normalise import STOPWORDS, normalise_word, tokens
from kbtools.authoring.suggest.sources import Thesis

# Chosen from measurements: see evaluation.py and the closing note.
THRESHOLD = 0.15
MIN_WORDS = 2  # a passage needs at least this many content words to be ranked

# English: lower case, a small stop list, plurals cut. Enough to meet a gist's words.
EN_STOPWORDS = frozenset("""
a about all also am an and any are as at be been but by can could do does for from had has have he her his how i if in
into is it its just may me more most my no not now of on one only or our out she should so some such than that the
their them then there these they this those to too up us was we were what when where which who whom why will with would
you your yet isn don t s re ve ll d
""".split())
_EN_WORD = re.compile(r"[a-z0-9]+")


def english_keys(text: str) -> list[str]:
    """Light English normalisation: folded, stop words out, plurals cut (« companies » → « company »)."""
    keys = []
    for word in _EN_WORD.findall(fold(text)):
        if word in EN_STOPWORDS or len(word) < 2:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        keys.append(word)
    return keys


# Words too common in testimonials and theses alike to say which thesis is quoted.
GENERIC = frozenset(normalise_word(w) for w in """
nouveau nouvelle nouveaux nouvelles an ans fois bien tres faire dire chose choses autre autres grand grande grands grandes
petit tout tous toute toutes aussi encore deja souvent
""".split())


def french_keys(text: str) -> list[str]:
    """The keys of the content words of *text* (no stop words, no single letters)."""
    return [t.key for t in tokens(text)
            if len(t.key) > 1 and not t.key.isdigit() and t.key not in GENERIC
            and fold(text[t.start:t.end]) not in STOPWORDS]


def is_english(text: str) -> bool:
    """Whether *text* reads as English: more English stop words than French ones."""
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", text)]
    return sum(w in EN_STOPWORDS for w in words) > sum(w in STOPWORDS for w in words)


class _Space:
    """TF-IDF vectors (sublinear tf) of the theses, for cosine similarity."""

    def __init__(self, documents: Mapping[int, list[str]]) -> None:
        frequency = Counter(key for keys in documents.values() for key in set(keys))
        count = len(documents)
        self.idf = {key: math.log(count / df) + 1.0 for key, df in frequency.items()}
        # A passage's word that no thesis uses weighs as the rarest word: a long
        # passage that shares one word with a thesis is not a quotation of it.
        self.unknown_idf = math.log(count) + 1.0
        self.vectors = {number: self._vector(keys, self.idf.get) for number, keys in documents.items()}
        self.postings: dict[str, list[int]] = {}
        for number, vector in self.vectors.items():
            for key in vector:
                self.postings.setdefault(key, []).append(number)

    @staticmethod
    def _vector(keys: Iterable[str], idf) -> dict[str, float]:
        weights = {key: (1.0 + math.log(n)) * (idf(key) or 0.0) for key, n in Counter(keys).items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {key: w / norm for key, w in weights.items() if w} if norm else {}

    def scores(self, keys: list[str]) -> dict[int, float]:
        """Cosine of the passage with each thesis sharing a word, halved when they
        share only one (one word in common is not a quotation)."""
        query = self._vector(keys, lambda key: self.idf.get(key, self.unknown_idf))
        result: dict[int, float] = {}
        shared: Counter[int] = Counter()
        for key, weight in query.items():
            for number in self.postings.get(key, ()):
                result[number] = result.get(number, 0.0) + weight * self.vectors[number][key]
                shared[number] += 1
        return {number: score * min(1.0, shared[number] / 2) for number, score in result.items()}


@dataclass(frozen=True)
class Ranking:
    number: int
    score: float
    language: str  # "fr" or "en": which side gave the score


class ThesisIndex:
    """The theses, indexed once for every passage of every page.

    A French passage is compared with the French titles (counted twice) and
    summaries; an English one (:func:`is_english`) with the English gists
    and keywords, when *english* is true.
    """

    def __init__(self, theses: Mapping[int, Thesis], *, english: bool = True) -> None:
        self.theses = dict(theses)
        self.french = _Space({n: french_keys(f"{t.title} {t.title} {t.summary}") for n, t in self.theses.items()})
        gists = {n: english_keys(t.gist) for n, t in self.theses.items() if t.gist} if english else {}
        self.english = _Space(gists) if gists else None

    def rank(self, passage: str) -> list[Ranking]:
        """Every thesis sharing a word with *passage*, best first."""
        if self.english is not None and is_english(passage):
            language, keys, space = "en", english_keys(passage), self.english
        else:
            language, keys, space = "fr", french_keys(passage), self.french
        if len(set(keys)) < MIN_WORDS:
            return []
        scores = space.scores(keys)
        return sorted((Ranking(n, s, language) for n, s in scores.items()), key=lambda r: (-r.score, r.number))

    def best(self, passage: str, threshold: float = THRESHOLD) -> Ranking | None:
        ranking = self.rank(passage)
        return ranking[0] if ranking and ranking[0].score >= threshold else None


# --- explicit mentions --------------------------------------------------------

_NUMBER = r"(\d{1,2})(?!\d)"
# « thèse 22 », « thèses 1 et 95 », « thèses 1, 7 et 95 », « thèse n° 22 », « thèse numéro 22 »
MENTION_LIST = re.compile(
    rf"\b(?P<word>th[eè]ses?)[\s\u00a0\u202f]+(?:(?:n[°o]|num[ée]ro)[\s\u00a0\u202f]*)?{_NUMBER}"
    rf"(?P<more>(?:[\s\u00a0\u202f]*(?:,|et|ou|&)[\s\u00a0\u202f]*\d{{1,2}}(?!\d))*)",
    re.IGNORECASE)
# « la 22e thèse », « 22ème thèse », « 1re thèse », « 1ère thèse »
MENTION_ORDINAL = re.compile(
    rf"\b{_NUMBER}[\s\u00a0\u202f]*(?:e|è|ème|eme|ᵉ|er|re|ère|ere)[\s\u00a0\u202f]+th[eè]se\b", re.IGNORECASE)
_MORE_NUMBER = re.compile(r"\d{1,2}(?!\d)")


def mentions(text: str) -> list[tuple[int, int, int]]:
    """Explicit mentions of theses in *text*: (start, end, number) of the words to wrap.

    « thèse 22 » wraps « thèse 22 »; in « les thèses 1 et 95 », « thèses 1 »
    and « 95 »; in « la 22e thèse », « 22e thèse ». Numbers outside 1–95 are skipped.
    """
    found = []
    for match in MENTION_LIST.finditer(text):
        found.append((match.start("word"), match.end(2), int(match.group(2))))
        offset = match.start("more")
        for more in _MORE_NUMBER.finditer(match.group("more")):
            found.append((offset + more.start(), offset + more.end(), int(more.group())))
    for match in MENTION_ORDINAL.finditer(text):
        found.append((match.start(), match.end(), int(match.group(1))))
    return sorted((s, e, n) for s, e, n in found if 1 <= n <= 95)


# Links to cluetrain.com carrying a thesis number: « #22 », « #these-22 », « #thesis22 », « ?these=22 ».
CLUETRAIN = re.compile(r"(?:https?://)?(?:www\.)?cluetrain\.com[^\s)\]>]*", re.IGNORECASE)
_CLUETRAIN_NUMBER = re.compile(r"(?:#|[?&](?:these|thesis|t)=)(?:th[eè]se|thesis|t)?[-_]?(\d{1,2})$", re.IGNORECASE)


def cluetrain_thesis(url: str) -> int | None:
    """The thesis number an address on cluetrain.com points to, if it says one."""
    match = _CLUETRAIN_NUMBER.search(url)
    number = int(match.group(1)) if match else None
    return number if number is not None and 1 <= number <= 95 else None
