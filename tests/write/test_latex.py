"""What the LaTeX writer adds: no line longer than TeX's buffer, whatever the
paragraph, without changing what TeX reads; long paragraphs set in parts; a
source marker before each block, so that a LaTeX error names its page."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import time

import pytest

from kb.write.latexfonts import LINE_CHUNK, PARAGRAPH_JOIN, break_lines, split_paragraph
from tests.helpers import PDF_NAME, ROOT, warnings_of
from tests.helpers.hostile import LONG_LINE, head

HEAD = "---\nidentifiant: T-960\nauteur: Personne Synthétique\n---\n\n# Un paragraphe sans fin\n\n"


def tex_tokens(latex: str) -> str:
    """What TeX reads of *latex*, for comparison: a comment and its line end vanish, a line end is a space."""
    return re.sub(r"%\n", "", latex).replace("\n", " ")


@pytest.mark.parametrize("text", [
    "mot " * 3000,
    "a" * 5000,  # a run without spaces
    r"x\allowbreak{}" * 800 + "y" * 3000,  # commands within the run: never split inside a name
    r"\textbackslash{}\%" * 900,  # escapes: never split after a backslash
    r"\ " * 2000,  # control spaces: never turned into a line end
    "début " + "z" * 2500 + " fin\nune deuxième ligne " + "w " * 800,
])
def test_long_runs_are_broken_into_lines_without_changing_what_tex_reads(text):
    broken = break_lines(text)
    assert max(len(line) for line in broken.split("\n")) <= LINE_CHUNK + 2
    assert tex_tokens(broken) == tex_tokens(text)
    assert "\n\n" not in broken  # never a new paragraph
    lines = broken.split("\n")
    for line, following in itertools.pairwise(lines):
        if line.endswith("%"):
            backslashes = len(line[:-1]) - len(line[:-1].rstrip("\\"))
            assert backslashes % 2 == 0, line[-20:]  # the « % » is a comment, not an escaped « \% »
            assert not (re.search(r"\\[A-Za-z]+%$", line) and following[:1].isalpha()), (line[-20:], following[:20])
        elif not line.endswith("%"):
            assert not line.endswith("\\") or line.endswith("\\\\"), line[-20:]  # « \ » + line end: a control space


def test_short_text_is_left_alone():
    assert break_lines("Une phrase courte.") == "Une phrase courte."


def test_a_long_paragraph_is_split_at_spaces_into_parts():
    parts = split_paragraph(LONG_LINE)
    assert " ".join(parts) == LONG_LINE
    assert len(parts) == len(LONG_LINE) // 20_000 + 1
    assert all(20_000 <= len(part) < 20_100 for part in parts[:-1])


def test_the_tex_of_a_two_megabyte_line_has_no_long_line(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "long.md").write_text(HEAD + LONG_LINE + "\n\nUn court paragraphe.\n", encoding="utf-8")
    start = time.monotonic()
    app = build(srcdir, "latex", confoverrides={"latex_documents": [("index", "kb.tex", "KB", "Test", "manual")]})
    assert time.monotonic() - start < 60
    assert warnings_of(app) == ""
    tex = (app.outdir / "kb.tex").read_text(encoding="utf-8")
    assert max(len(line) for line in tex.split("\n")) < 10_000
    body = tex[tex.index("%% kb-source: temoignages/long.md:8\n"):tex.index("Un court paragraphe.")]
    assert body.count(PARAGRAPH_JOIN) == len(LONG_LINE) // 20_000
    # Every sentence is there, in order, once the line ends and the joins are read as TeX reads them.
    words = tex_tokens(body.replace(PARAGRAPH_JOIN, " "))
    assert "Phrase synthétique numéro 0 d’un paragraphe" in words
    assert "numéro 31999 d’un paragraphe sans retour à la ligne." in words
    assert "%% kb-source: temoignages/long.md:10\n" in tex  # the next paragraph, after its own marker


def test_each_block_has_a_source_marker_and_markers_are_invisible(copy_root, build):
    srcdir = copy_root("kb")
    app = build(srcdir, "latex", confoverrides={"latex_documents": [("index", "kb.tex", "KB", "Test", "manual")]})
    tex = (app.outdir / "kb.tex").read_text(encoding="utf-8")
    markers = re.findall(r"^%% kb-source: (.+):(\d+)$", tex, re.M)
    assert ("temoignages/alpha.md", "9") in markers  # its title
    assert ("temoignages/alpha.md", "11") in markers and ("temoignages/alpha.md", "13") in markers  # its paragraphs
    assert ("theses.md", "3") in markers
    # Each marker is a whole line: TeX reads nothing of it.
    assert all(line.startswith("%% kb-source: ") for line in tex.split("\n") if "kb-source" in line)


@pytest.mark.site
def test_a_300_kilobyte_paragraph_reaches_the_pdf(tmp_path):
    """One real XeLaTeX run on a smaller paragraph (the 2.2 MB one is in the resource budget)."""
    from tests.helpers.site import copy_site_sources, pdf_text, squash

    source = copy_site_sources(ROOT, tmp_path / "src")
    shutil.rmtree(source / "temoignages")
    (source / "temoignages").mkdir()
    shutil.copyfile(ROOT / "temoignages" / "index.md", source / "temoignages" / "index.md")
    paragraph = LONG_LINE[:300_000].rsplit(" ", 1)[0]
    (source / "temoignages" / "long.md").write_text(head(961) + paragraph + "\n", encoding="utf-8")
    build = tmp_path / "build"
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build), "build",
                             "--pdf"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert time.monotonic() - start < 60
    text = squash(pdf_text(build / "pdf" / PDF_NAME))
    last = paragraph.rsplit(". ", 1)[-1]
    for sentence in ("Phrase synthétique numéro 0 d’un paragraphe sans retour à la ligne.", last):
        assert squash(sentence) in text, sentence
