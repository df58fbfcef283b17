"""French search that forgives what French readers leave out.

A query and a text match whenever they differ only by accents, case,
ligatures, apostrophes, elisions, hyphens in compounds or regular inflection
(:mod:`kb.core.normalise` defines the key of a word). The same key is
computed in the indexer (Python, :func:`kb.core.normalise.normalise_word`)
and in the reader's browser (the JavaScript below, around Snowball's French
stemmer that Sphinx ships); ``tests/write/test_search.py`` checks that both
give the same keys on a vocabulary.

Compounds: « start-up » is indexed as « start », « up » and « startup », so
« start up », « start-up », « startup » and « startups » all find it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx.search
from sphinx.search.fr import SearchFrench

from kb.core.french import fold
from kb.core.normalise import ELISIONS, HYPHENS, normalise_word

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"
COMPOUND = re.compile(rf"(?<!\w)\w+(?:[{HYPHENS}]\w+)+")  # from a word's start: no quadratic backtracking on long words

_NO_HYPHENS = str.maketrans("", "", HYPHENS)

# The browser's half of kb.core.normalise: keep the two in step.
KEY_JS = """
var kbElisions = new Set(%(elisions)s);
function kbFold(word) {
  return word.toLowerCase().normalize("NFD").replace(/\\p{Mn}/gu, "")
    .replace(/\\u0153/g, "oe").replace(/\\u00e6/g, "ae");
}
var Stemmer = function () {
  var french = new FrenchStemmer();
  this.stemWord = function (word) {
    var parts = kbFold(word).split(/['\\u2019\\u02bc\\u2018]/);
    while (parts.length > 1 && kbElisions.has(parts[0])) parts.shift();
    var folded = parts.join("").replace(/[-\\u2010\\u2011]/g, "");
    if (!/^\\p{L}+$/u.test(folded)) return folded;
    var w = folded.replace(/ite(s?)$/, "it\\u00e9$1").replace(/iere(s?)$/, "i\\u00e8re$1")
      .replace(/(?<=.)e?ee(s?)$/, "e$1").replace(/(?<=...)eu(?:x|ses?)$/, "eur");
    var stem = kbFold(french.stemWord(w));
    if (stem.endsWith("if")) stem = stem.slice(0, -1) + "v";
    else if (stem.endsWith("tric")) stem = stem.slice(0, -3) + "eur";
    return stem;
  };
};
"""


class SearchFrenchFolded(SearchFrench):
    """Sphinx's French search, with the knowledge base's key on both sides."""

    stopwords = frozenset(SearchFrench.stopwords | {fold(w) for w in SearchFrench.stopwords})
    js_stemmer_rawcode = ""  # the stemmer code is inlined below, wrapped with the key
    js_stemmer_code = "\n".join((
        (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8"),
        (_MINIFIED / "french-stemmer.js").read_text(encoding="utf-8"),
        KEY_JS % {"elisions": json.dumps(sorted(ELISIONS))},
    ))

    def split(self, input: str) -> list[str]:
        """The words of *input*, and each hyphenated compound as one word too."""
        words = super().split(input)
        # Called for every text node of every page: most have no hyphen, and
        # looking for compounds costs as much as the split (0.1 s at 1,000 pages).
        if not any(hyphen in input for hyphen in HYPHENS):
            return words
        return [*words, *(match.translate(_NO_HYPHENS) for match in COMPOUND.findall(input))]

    def stem(self, word: str) -> str:
        return _stem(word)


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Keys are shared by every page: Sphinx only caches them page by page,
    and the Snowball stemmer is pure Python."""
    return normalise_word(word)


def setup_search(app: Sphinx) -> None:
    app.add_search_language(SearchFrenchFolded)
