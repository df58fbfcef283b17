"""Labelled passages to choose the threshold of the thesis ranking, and to check it
(the passages are in ``theses-evaluation.json`` beside this module).

- ``FRENCH``: for each of the 95 theses, a paraphrase of our French summary
  written in other words (« sociétés » for « entreprises », « acheteurs »
  for « marchés »…), as an author quoting a translation might write it;
  plus the seed testimonial's quotation of thesis 22.
- ``ENGLISH``: a few theses paraphrased in English, to measure whether the
  English gists help.
- ``NEGATIVE``: passages that quote no thesis: what testimonials put between
  quotation marks (slogans, a colleague's words), the seed's own sentences,
  first sentences of the glossary's definitions, synthetic sentences.

A positive counts as found when the best thesis is the right one and its
score reaches the threshold; a wrong thesis above the threshold, or a
negative above it, is a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("theses-evaluation.json")
_DATA = json.loads(DATA.read_text(encoding="utf-8"))
FRENCH: dict[int, str] = {int(n): text for n, text in _DATA["french"].items()}
# The seed testimonial's quotation (tests/data/temoignage-meimoun-gan.txt): thesis 22.
SEED_QUOTATION: str = _DATA["seed_quotation"]
ENGLISH: dict[int, str] = {int(n): text for n, text in _DATA["english"].items()}
NEGATIVE: tuple[str, ...] = tuple(_DATA["negative"])


@dataclass(frozen=True)
class Score:
    threshold: float
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def positives(english: bool = True) -> list[tuple[str, int]]:
    found = [(text, n) for n, text in FRENCH.items()] + [(SEED_QUOTATION, 22)]
    return found + ([(text, n) for n, text in ENGLISH.items()] if english else [])


def predictions(rank: Callable[[str], tuple[int, float] | None], passages: list[tuple[str, int | None]]
                ) -> list[tuple[int | None, int | None, float]]:
    """(expected thesis or None, best thesis or None, its score) for each passage."""
    result = []
    for text, expected in passages:
        best = rank(text)
        result.append((expected, best[0] if best else None, best[1] if best else 0.0))
    return result


def score_at(found: list[tuple[int | None, int | None, float]], threshold: float) -> Score:
    tp = fp = fn = 0
    for expected, best, score in found:
        proposed = best if score >= threshold else None
        if expected is not None and proposed == expected:
            tp += 1
            continue
        if expected is not None:
            fn += 1
        if proposed is not None:
            fp += 1
    return Score(threshold, tp, fp, fn)


def curve(found: list[tuple[int | None, int | None, float]], step: float = 0.01) -> list[Score]:
    return [score_at(found, round(i * step, 4)) for i in range(1, int(1 / step))]


def labelled(english: bool = True) -> list[tuple[str, int | None]]:
    return [*positives(english), *((text, None) for text in NEGATIVE)]
