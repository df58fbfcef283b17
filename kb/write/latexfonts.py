"""What the LaTeX writer must add so that every character reaches the PDF.

Very long words: TeX never hyphenates a word of more than 63 letters, so a
500-letter word ran off the page. Break points are allowed in long runs.

Characters FreeSerif lacks (emoji, pictographs, dingbats) set in Symbola.

XeTeX has no font fallback, and the interchar-token packages that emulate
one lose track of the font around punctuation (« 😀, » leaves the rest of
the book in Symbola). The LaTeX writer wraps each such character in its
own group instead: ``{\\kbsymbols 😀}``; ``\\kbsymbols`` is defined in the
preamble (conf.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx.writers.latex import LaTeXTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LONG_WORD = re.compile(r"\w{40,}")
BREAK_EVERY = 20
SYMBOLS = re.compile("([\u2600-\u27bf\U0001f000-\U0001faff][\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]?)")


class KbLaTeXTranslator(LaTeXTranslator):
    _in_uri = False

    def encode(self, text: str) -> str:
        text = super().encode(text)
        if self._in_uri:  # a link target must stay byte for byte
            return text
        text = SYMBOLS.sub(r"{\\kbsymbols \1}", text)
        if self.literal_whitespace:
            return text
        return LONG_WORD.sub(_breakable, text)

    def encode_uri(self, text: str) -> str:
        self._in_uri = True
        try:
            return super().encode_uri(text)
        finally:
            self._in_uri = False


def _breakable(match: re.Match[str]) -> str:
    word = match.group()
    return r"\allowbreak{}".join(word[i:i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))


def setup_latexfonts(app: Sphinx) -> None:
    app.set_translator("latex", KbLaTeXTranslator)
