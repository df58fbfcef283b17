"""Every failure of the PDF toolchain names its page: the first error of
XeLaTeX's log is mapped back, through the writer's source markers, to the
page and line it comes from, in French, with the path of the full log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from kbtools.build.latex import explain_failure, first_error, french, source_of
from tests.helpers import ROOT

TEX = """\\documentclass{report}
\\begin{document}
%% kb-source: index.md:1
\\chapter{Accueil}
%% kb-source: temoignages/alpha.md:9
\\section{Alpha}
%% kb-source: temoignages/alpha.md:11
\\sphinxAtStartPar
Première phrase \\commandeinconnue{} du paragraphe.
%% kb-source: temoignages/alpha.md:13
\\sphinxAtStartPar
Second paragraphe.
\\end{document}
""".split("\n")


def log(message: str, context: str) -> str:
    return f"This is XeTeX\n(./kb.tex\n! {message}\n{context}\n\nHere is how much of TeX's memory you used:\n"


def test_the_error_line_is_mapped_to_the_last_marker_before_it():
    error = first_error(log("Undefined control sequence.", "l.9 Première phrase \\commandeinconnue\n"
                                                            "                                 {} du paragraphe."), TEX)
    assert (error.message, error.tex_line) == ("Undefined control sequence.", 9)
    assert source_of(TEX, error.tex_line) == "temoignages/alpha.md:11"
    assert source_of(TEX, 2) is None  # the preamble: no page


def test_a_line_of_another_file_is_not_taken_for_the_tex():
    error = first_error(log("Undefined control sequence.", "l.9 \\contentsline {chapter}{\\numberline {1}X}"), TEX)
    assert error.tex_line is None


def test_a_line_too_long_for_tex_is_found_without_a_line_number():
    lines = [*TEX[:11], "x" * 200_001, *TEX[11:]]
    error = first_error("(./kb.tex\n! Unable to read an entire line---bufsize=200000.\n"
                        "Please increase buf_size in texmf.cnf.\n", lines)
    assert error.tex_line == 12
    assert source_of(lines, error.tex_line) == "temoignages/alpha.md:13"
    assert french(error.message) == "un passage sans retour à la ligne est trop long pour TeX ; coupez-le en paragraphes"


def test_no_error_in_the_log():
    assert first_error("This is XeTeX\nOutput written on kb.xdv (3 pages).\n", TEX) is None


def test_the_message_an_author_reads(tmp_path):
    tex, tex_log, build_log = tmp_path / "kb.tex", tmp_path / "kb.log", tmp_path / "latex.log"
    tex.write_text("\n".join(TEX), encoding="utf-8")
    tex_log.write_text(log("LaTeX Error: Too deeply nested.", "l.12 Second paragraphe."), encoding="utf-8")
    build_log.write_text("Latexmk: Run number 1 of rule 'xelatex'\n", encoding="utf-8")
    assert explain_failure(tex, tex_log, build_log) == (
        "temoignages/alpha.md:13: trop de niveaux imbriqués (citations dans des citations, listes dans des listes) "
        "pour le PDF ; réduisez l’imbrication (erreur LaTeX : LaTeX Error: Too deeply nested.) ; journal complet : "
        f"{build_log}")
    assert "! LaTeX Error: Too deeply nested." in build_log.read_text(encoding="utf-8")  # the full log, as promised


def test_a_stale_tex_log_is_not_read(tmp_path):
    tex, tex_log, build_log = tmp_path / "kb.tex", tmp_path / "kb.log", tmp_path / "latex.log"
    tex.write_text("\n".join(TEX), encoding="utf-8")
    tex_log.write_text(log("Undefined control sequence.", "l.9 Première phrase \\commandeinconnue"), encoding="utf-8")
    os.utime(tex_log, (time.time() - 3600, time.time() - 3600))
    build_log.write_text("xdvipdfmx:fatal: Image inclusion failed for \"x.png\".\n", encoding="utf-8")
    assert explain_failure(tex, tex_log, build_log, since=time.time() - 60) == (
        "la fabrication du PDF a échoué sans erreur TeX (« xdvipdfmx:fatal: Image inclusion failed for \"x.png\". ») ; "
        f"journal complet : {build_log}")


@pytest.mark.site
def test_a_real_latex_failure_names_the_page_and_publishes_nothing(tmp_path):
    """Twenty quotations in quotations: the HTML takes them, LaTeX stops at the eleventh or so."""
    import shutil

    from tests.helpers.hostile import RESOURCE_CASES
    from tests.helpers.site import copy_site_sources

    files, expected = RESOURCE_CASES["citations-20-niveaux"]
    source = copy_site_sources(ROOT, tmp_path / "src")
    shutil.rmtree(source / "temoignages")
    (source / "temoignages").mkdir()
    shutil.copyfile(ROOT / "temoignages" / "index.md", source / "temoignages" / "index.md")
    for path, text in files.files.items():
        (source / path).write_text(text, encoding="utf-8")
    build = tmp_path / "build"
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build), "build"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    log = build / "logs" / "latex.log"
    assert re.search(rf"(?m)^{re.escape(expected.path)}:{expected.line}: trop de niveaux imbriqués .* \(erreur LaTeX : "
                     rf"LaTeX Error: Too deeply nested\.\) ; journal complet : {re.escape(str(log))}$", result.stderr), \
        result.stderr
    assert "Rien n’a été publié" in result.stderr
    assert not (build / "current").exists()
    assert "! LaTeX Error: Too deeply nested." in log.read_text(encoding="utf-8")
