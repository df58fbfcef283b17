"""The XeLaTeX driver (kbtools.build.xelatex) on tiny documents: as many passes
as the cross-references need, the PDF written by the last pass only."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kbtools.build.xelatex import MAX_PASSES, build

FORWARD_REFERENCE = r"""\documentclass{article}
\begin{document}
See page \pageref{end}.
\newpage
Text: %s
\label{end}
\end{document}
"""

# The .aux never settles: every pass writes the previous pass's number plus one.
RESTLESS = r"""\documentclass{article}
\makeatletter
\providecommand\kbcount{0}
\begin{document}
\count255=\kbcount\relax \advance\count255 by 1
\immediate\write\@auxout{\gdef\string\kbcount{\the\count255}}
Pass \the\count255.
\end{document}
"""


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def write(folder: Path, text: str) -> None:
    (folder / "doc.tex").write_text(text, encoding="utf-8")


def test_fresh_then_unchanged_then_edited(tmp_path: Path, capsys):
    write(tmp_path, FORWARD_REFERENCE % "first")
    assert build(tmp_path, "doc") == 2
    out = capsys.readouterr().out
    assert "Passe 1 de XeLaTeX (sans PDF)" in out and "Passe 2 de XeLaTeX\n" in out
    assert not (tmp_path / "doc.xdv").exists()  # the PDF came from the pass, not from a separate conversion
    text = pdf_text(tmp_path / "doc.pdf")
    assert "See page 2." in text and "first" in text  # the forward reference is resolved

    assert build(tmp_path, "doc") == 0  # nothing changed: no pass
    write(tmp_path, FORWARD_REFERENCE % "second")
    assert build(tmp_path, "doc") == 1  # the same pages: one pass, straight to the PDF
    assert "second" in pdf_text(tmp_path / "doc.pdf")


def test_a_reference_that_moves_gets_another_pass(tmp_path: Path):
    write(tmp_path, FORWARD_REFERENCE % "x")
    assert build(tmp_path, "doc") == 2
    # The label moves one page further: the first pass's numbers are stale.
    write(tmp_path, (FORWARD_REFERENCE % "x").replace("Text:", "\\null\\newpage Text:"))
    assert build(tmp_path, "doc") == 2
    assert "See page 3." in pdf_text(tmp_path / "doc.pdf")


def test_references_that_never_settle_fail(tmp_path: Path):
    write(tmp_path, RESTLESS)
    with pytest.raises(SystemExit, match=f"ne se stabilisent pas après {MAX_PASSES} passes"):
        build(tmp_path, "doc")
    assert not (tmp_path / ".kb-entrees-pdf").exists()  # the next build starts again


def test_a_tex_error_fails_and_is_retried_next_time(tmp_path: Path):
    write(tmp_path, "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n")
    with pytest.raises(SystemExit, match="passe 1"):
        build(tmp_path, "doc")
    assert "Undefined control sequence" in (tmp_path / "doc.log").read_text()
    write(tmp_path, FORWARD_REFERENCE % "fixed")
    assert build(tmp_path, "doc") >= 1
