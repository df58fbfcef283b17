"""What the LaTeX writer adds so that the book takes one XeLaTeX pass
(kb.write.latexonepass, kbunepasse.sty); the pass itself is tested in
tests/tools/test_xelatex.py and on the real site in tests/site."""

from __future__ import annotations

import re

from kb.write.latexonepass import STYLE
from tests.helpers import warnings_of


def test_headings_announce_their_labels_and_the_summary_lists_the_chapters(copy_root, build):
    app = build(copy_root("kb"), "latex")
    assert warnings_of(app) == ""
    tex = next(app.outdir.glob("*.tex")).read_text()
    # The package comes after hyperref (it changes what hyperref defined) and sits beside the .tex.
    assert tex.index(r"\usepackage{hyperref}") < tex.index(r"\usepackage{kbunepasse}")
    assert (app.outdir / STYLE.name).read_bytes() == STYLE.read_bytes()
    # Every sectioning command is preceded by the labels Sphinx writes after it, the same ones.
    headings = re.findall(r"\\kbheadingdests\{((?:\{\\detokenize\{[^{}]*\}\})+)\}\s*\\(chapter|section|subsection)"
                          r"\{[^\n]*\}\n((?:\\label\{\\detokenize\{[^{}]*\}\})+)", tex)
    assert len(headings) >= 5
    for announced, _, labels in headings:
        assert re.findall(r"\\detokenize\{([^{}]*)\}", announced) == re.findall(r"\\detokenize\{([^{}]*)\}", labels)
    assert any(command == "section" and "temoignages/alpha::doc" in announced
               for announced, command, _ in headings)
    # The summary: each chapter once, as a link to its first label, without labels of its own.
    summary = re.search(r"^\\def\\kbchapitres\{(.*)\}\\[a-z]+$", tex, re.M)
    assert summary
    items = re.findall(r"\\kbsommaireitem\{\\detokenize\{([^{}]*)\}\}\{([^{}]*)\}", summary[1])
    chapters = re.findall(r"\\kbheadingdests\{\{\\detokenize\{([^{}]*)\}\}[^\n]*\\chapter\{([^{}]*)\}", tex)
    assert items and items == chapters
    assert r"\label" not in summary[1]
