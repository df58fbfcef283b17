"""The XeLaTeX driver (kbtools.build.xelatex) on tiny documents: one pass for a
document laid out for it (kbunepasse.sty), as many as the cross-references
need for any other; every pass writes the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kb.write.latexonepass import STYLE
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


def pdf_text(pdf: Path, layout: bool = False) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def write(folder: Path, text: str) -> None:
    (folder / "doc.tex").write_text(text, encoding="utf-8")


def test_fresh_then_unchanged_then_edited(tmp_path: Path, capsys):
    write(tmp_path, FORWARD_REFERENCE % "first")
    assert build(tmp_path, "doc") == 2
    out = capsys.readouterr().out
    assert "Passe 1 de XeLaTeX\n" in out and "Passe 2 de XeLaTeX\n" in out
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


# A book laid out like kb's: a link and a page number pointing backwards, one
# link forwards, contents at the end; %s is room for more.
ONE_PASS = r"""\documentclass{report}
\usepackage{hyperref}
\usepackage{kbunepasse}
\providecommand\sphinxtableofcontentshook{}
\begin{document}
See \hyperref[end]{the last chapter}.%s
\chapter{One}\label{one}\kbpagemark{one}
Text of one.
\chapter{Two}\label{end}
Back to \hyperref[one]{one}\kbpageref{one}
\kbtabledesmatieres
\end{document}
"""


def one_pass_document(folder: Path, extra: str = "") -> None:
    shutil.copyfile(STYLE, folder / STYLE.name)
    write(folder, ONE_PASS % extra)


def test_a_book_laid_out_for_one_pass_takes_one(tmp_path: Path):
    one_pass_document(tmp_path)
    assert build(tmp_path, "doc") == 1
    lines = [" ".join(line.split()) for line in pdf_text(tmp_path / "doc.pdf", layout=True).splitlines()]
    # The page number of what came before, and the contents, from the same pass.
    assert re.fullmatch(r"Back to one[ .]+ 2", next(line for line in lines if line.startswith("Back to one")))
    contents = lines[lines.index("Contents"):]
    assert "1 One 2" in contents and "2 Two 3" in contents
    # Both links land: each names a destination the PDF has, on the right page.
    reader = PdfReader(tmp_path / "doc.pdf")
    targets = {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/S") == "/GoTo":
                destination = reader.named_destinations[str(action["/D"])]
                targets[str(action["/D"])] = reader.get_destination_page_number(destination)
    assert targets["end"] == 2 and targets["one"] == 1
    assert build(tmp_path, "doc") == 0


def test_a_book_that_also_reads_the_aux_gets_a_second_pass(tmp_path: Path):
    """A forward \\pageref (not part of kb's layout) is undefined in the first pass: LaTeX says so."""
    one_pass_document(tmp_path, r" Page \pageref{end}.")
    assert build(tmp_path, "doc") == 2
    assert "Page 3." in pdf_text(tmp_path / "doc.pdf")


def test_reading_the_page_numbers_inside_a_paragraph_adds_nothing(tmp_path: Path):
    """\\kbpageref reads the page numbers in the middle of a list entry: the
    file's line ends must not become spaces there (they would move its line
    breaks, and differ from a partial pass, which reads them between pieces)."""
    shutil.copyfile(STYLE, tmp_path / STYLE.name)
    write(tmp_path, "\n".join([
        r"\documentclass{report}", r"\usepackage{hyperref}", r"\usepackage{kbunepasse}",
        r"\providecommand\sphinxtableofcontentshook{}", r"\begin{document}",
        r"A\label{a}\kbpagemark{a}\label{b}\kbpagemark{b}\newpage",
        r"\makeatletter\setbox0\hbox{\kb@readpages}\typeout{KB-WIDTH=\the\wd0}\makeatother",
        r"B\kbpageref{a}", r"\end{document}", ""]))
    assert build(tmp_path, "doc") == 1
    assert "KB-WIDTH=0.0pt" in (tmp_path / "doc.log").read_text()
    assert re.search(r"B\.{10,}", pdf_text(tmp_path / "doc.pdf"))  # the entry has its leaders and number
