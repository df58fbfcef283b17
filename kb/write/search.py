"""French search that ignores accents: « temoignage » finds « témoignage ».

Sphinx's French search stems words but keeps their accents, so a reader who
types without accents finds nothing (sphinx #6687). This language folds the
accents after stemming, with the same folding in the indexer (Python) and
in the reader's browser (the JavaScript stemmer below).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer
import sphinx.search
from sphinx.search.fr import SearchFrench

from kb.core.french import fold

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"

FOLD_JS = """
function kbFold(word) {
  return word.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
    .replace(/\\u0153/g, "oe").replace(/\\u00e6/g, "ae");
}
var Stemmer = function () {
  var french = new FrenchStemmer();
  this.stemWord = function (word) { return kbFold(french.stemWord(word.toLowerCase())); };
};
"""


class SearchFrenchFolded(SearchFrench):
    """Sphinx's French search, with accents folded on both sides."""

    stopwords = frozenset(SearchFrench.stopwords | {fold(w) for w in SearchFrench.stopwords})
    js_stemmer_rawcode = ""  # the stemmer code is inlined below, wrapped with the folding
    js_stemmer_code = "\n".join((
        (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8"),
        (_MINIFIED / "french-stemmer.js").read_text(encoding="utf-8"),
        FOLD_JS,
    ))

    def stem(self, word: str) -> str:
        return _stem(word)


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Stems are shared by every page: Sphinx only caches them page by page,
    and the Snowball stemmer is pure Python."""
    return fold(_FRENCH.stemWord(word.lower()))


_FRENCH = snowballstemmer.stemmer("french")


def setup_search(app: Sphinx) -> None:
    app.add_search_language(SearchFrenchFolded)
