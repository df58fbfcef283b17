"""The book in pieces (kbtools.build.texpieces, pdfsplice, kbunepasse.sty §6):
after an edit only the pieces that changed are set, and the PDF is the one a
build from scratch writes: the same pages, text, links, destinations,
outline, page labels."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from bench.synthetic import generate
from kb.core.config import PDF_BASENAME
from kbtools.build import texpieces
from kbtools.build.latex import explain_failure, tex_env
from kbtools.build.xelatex import xelatex_command
from tests.helpers import ROOT

MARK, END = texpieces.PIECE_MARK, texpieces.PIECE_END


# --- Cutting the .tex --------------------------------------------------------

def test_the_book_is_cut_where_the_writer_marks_it():
    tex = "\n".join([r"\begin{document}", f"{MARK}kb:debut", "titre", END, r"\pagestyle{normal}",
                     f"{MARK}temoignages/a", "A", f"{MARK}temoignages/b", "B", f"{MARK}kb:fin", "fin", END,
                     r"\end{document}", ""])
    book = texpieces.split(tex)
    a, b = texpieces.piece_file("temoignages/a"), texpieces.piece_file("temoignages/b")
    assert list(book.pieces.values()) == ["titre\n", "A\n", "B\n", "fin\n"]
    assert book.order[1:3] == [a, b]
    # What is not in a piece stays in the master, in place.
    assert book.master.splitlines() == [
        r"\begin{document}", r"\kbmorceau{kbm/%s}" % texpieces.piece_file("kb:debut"), r"\pagestyle{normal}",
        r"\kbmorceau{kbm/%s}" % a, r"\kbmorceau{kbm/%s}" % b,
        r"\kbmorceau{kbm/%s}" % texpieces.piece_file("kb:fin"), r"\end{document}"]
    assert texpieces.split("\\begin{document}\nA\n\\end{document}\n") is None  # no marks: no pieces


def test_the_writer_and_the_driver_agree_on_the_marks():
    """Written twice on purpose: the driver runs with the standard library only, and kb never
    imports kbtools."""
    from kb.write import latexonepass
    assert (latexonepass.PIECE_MARK, latexonepass.PIECE_END) == (MARK, END)


def test_a_mark_in_an_authors_code_sample_does_not_cut():
    tex = "\n".join([f"{MARK}temoignages/a", r"\begin{sphinxVerbatim}[commandchars=\\\{\}]",
                     f"{MARK}temoignages/forged", END, r"\end{sphinxVerbatim}", "suite", ""])
    book = texpieces.split(tex)
    assert list(book.pieces) == [texpieces.piece_file("temoignages/a")]
    assert f"{MARK}temoignages/forged" in book.pieces[book.order[0]] and "suite" in book.pieces[book.order[0]]


@pytest.mark.parametrize("name", ["temoignages/été 2024", "a_b", "A/B", "x" * 200])
def test_piece_files_are_plain_and_distinct(name):
    file = texpieces.piece_file(name)
    assert re.fullmatch(r"[a-z0-9-]+", file) and len(file) <= 61
    assert file != texpieces.piece_file(name + "2")


def test_a_contents_line_without_its_page():
    line = (r"\kb@tdm{\contentsline {section}{\numberline {1.1}Un titre {\sphinxstyleemphasis {x}} \{ }"
            r"{42}{section.1.1}\protected@file@percent }")
    assert texpieces.without_page(line) == line.replace("{42}", "{}")
    assert texpieces.without_page(line.replace("{42}", "{xii}")) == texpieces.without_page(line)


def test_what_the_driver_writes_is_not_an_input():
    for name in ("kbm/x.tex", "kbm/x.kbmorceau", "livre-livre.tex", "livre-partiel.log", "livre-partiel-1.pdf",
                 "livre.kbmorceaux.json", "livre.pdf.tmp", "livre.kbmorceaux.json.tmp"):
        assert texpieces.generated("livre", name), name
    for name in ("livre.tex", "kbunepasse.sty", "kb-carte-theses.pdf", "image.tmp.png"):
        assert not texpieces.generated("livre", name), name


def test_a_file_a_piece_names_is_that_pieces():
    book = texpieces.split(f"{MARK}a\n" + r"\sphinxincludegraphics{{carte}.pdf}" + f"\n{MARK}b\nB\n")
    before = dict(book.digests)
    book.read_files({"carte.pdf": "1", "kbunepasse.sty": "1"})
    rest, digests = book.rest, dict(book.digests)
    book.read_files({"carte.pdf": "2", "kbunepasse.sty": "1"})  # the image changed: its piece only
    assert book.rest == rest and book.digests[book.order[1]] == digests[book.order[1]]
    assert book.digests[book.order[0]] != digests[book.order[0]]
    book.read_files({"carte.pdf": "2", "kbunepasse.sty": "2"})  # a style: the whole book
    assert book.rest != rest and before == {}


# --- The whole book, then edits ------------------------------------------------

def _tex_build(source: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-W", "-d", str(out / "doctrees"), str(source),
         str(out / "latex")],
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{source}"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


def _pdf(latex: Path) -> str:
    result = subprocess.run(xelatex_command(latex, PDF_BASENAME), env=tex_env(dict(os.environ)),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def _fresh(latex: Path, tmp_path: Path) -> Path:
    """The same .tex and images set whole, elsewhere, from nothing."""
    copy = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    shutil.copytree(latex, copy, ignore=lambda folder, names: [
        name for name in names if name == texpieces.FOLDER or name.endswith((".pdf", ".json", ".aux", ".log"))
        and not name.startswith("kb-carte")] + [".kb-entrees-pdf"])
    assert "Passe partielle" not in _pdf(copy)
    return copy / f"{PDF_BASENAME}.pdf"


def summary(path: Path) -> dict:
    """What a reader meets in a PDF: each page's text, where each name and link goes, the
    outline, the page labels, the opening page."""
    with pikepdf.open(path) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        dests = {name: (index.get(dest[0].objgen), [str(value) for value in list(dest)[1:]])
                 for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        links = [(number, [round(float(value), 2) for value in annot.Rect], str(annot.A.get("/D", annot.A.get("/URI"))))
                 for number, page in enumerate(pdf.pages) for annot in page.get("/Annots", [])]
        outline: list = []
        with pdf.open_outline() as tree:
            def walk(items, depth):
                for item in items:
                    outline.append((depth, item.title, str(item.action.D)))
                    walk(item.children, depth + 1)
            walk(tree.root, 0)
        labels, opening = repr(pdf.Root.PageLabels), index[pdf.Root.OpenAction[0].objgen]
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return {"pages": pages, "dests": dests, "links": links, "outline": outline, "labels": labels,
            "opening": opening}


def _edit(source: Path, kind: str) -> None:
    page = source / "temoignages" / "synthetique-00003.md"
    text = page.read_text(encoding="utf-8")
    if kind == "a word":
        text = text.replace("Texte synthétique", "Texte synthétique révisé", 1)
    elif kind == "a sentence before the citations":  # the citations may move to the next page
        text = text.replace("\n## ", "\nUne phrase ajoutée avant la première étape, pour voir.\n\n## ", 1)
    elif kind == "a citation":
        found = re.search(r"\{these\}`(\d+)`", text)
        text = text[:found.start()] + "{these}`%d`" % (int(found[1]) % 95 + 1) + text[found.end():]
    elif kind == "two pages more":
        text = text.replace("\n## ", "\n" + "Une phrase ajoutée, longue et répétée. " * 400 + "\n\n## ", 1)
    elif kind == "a title":
        text = re.sub(r"^# .*$", "# Un autre titre", text, count=1, flags=re.M)
    page.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> tuple[Path, Path]:
    """A synthetic knowledge base (12 testimonials, the real configuration) and its PDF, set whole."""
    tmp = tmp_path_factory.mktemp("pieces")
    source = generate(tmp / "src", 12)
    _tex_build(source, tmp / "out")
    latex = tmp / "out" / "latex"
    log = _pdf(latex)
    assert "Passe 1 de XeLaTeX" in log and "Passe partielle" not in log
    return source, latex


@pytest.mark.parametrize("kind, partial", [
    ("a word", True), ("a sentence before the citations", True), ("a citation", True),
    ("two pages more", False), ("a title", False)])
def test_after_an_edit_the_pdf_is_the_one_set_whole(kind, partial, book, tmp_path):
    source, latex = book
    _edit(source, kind)
    _tex_build(source, latex.parent)
    log = _pdf(latex)
    assert ("remis en place dans le PDF" in log) is partial, log
    if not partial:
        assert "Passe 1 de XeLaTeX" in log
    assert summary(latex / f"{PDF_BASENAME}.pdf") == summary(_fresh(latex, tmp_path))


def test_a_word_sets_one_piece(book):
    source, latex = book
    page = source / "temoignages" / "synthetique-00005.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Texte synthétique", "Texte synthétique relu", 1),
                    encoding="utf-8")
    _tex_build(source, latex.parent)
    log = _pdf(latex)
    assert "Passe partielle de XeLaTeX : 1 morceau sur" in log and "1 morceau remis en place" in log, log
    assert "Passe partielle de XeLaTeX" in log.splitlines()[0]  # and nothing after it
    assert "relu" in subprocess.run(["pdftotext", str(latex / f"{PDF_BASENAME}.pdf"), "-"], capture_output=True,
                                    text=True, check=True).stdout


def test_without_its_records_the_book_is_set_whole(book):
    source, latex = book
    (latex / texpieces.state_path_name(PDF_BASENAME)).unlink()
    _edit(source, "a word")
    _tex_build(source, latex.parent)
    log = _pdf(latex)
    assert "Passe partielle" not in log and "Passe 1 de XeLaTeX" in log
    assert (latex / texpieces.state_path_name(PDF_BASENAME)).is_file()  # written again


def test_a_failed_partial_pass_leaves_the_last_pdf(book, tmp_path):
    source, latex = book
    pdf = latex / f"{PDF_BASENAME}.pdf"
    before = pdf.read_bytes()
    _edit(source, "a word")
    _tex_build(source, latex.parent)
    # The piece as the driver will write it, broken: a TeX error in the partial pass.
    tex = latex / f"{PDF_BASENAME}.tex"
    tex.write_text(tex.read_text(encoding="utf-8").replace("Texte synthétique", r"\undefinedcontrolsequence", 1),
                   encoding="utf-8")
    result = subprocess.run(xelatex_command(latex, PDF_BASENAME), env=tex_env(dict(os.environ)),
                            capture_output=True, text=True)
    assert "Passe partielle" in result.stdout
    assert result.returncode != 0 and "XeLaTeX a échoué pendant la passe partielle" in result.stderr
    assert pdf.read_bytes() == before
    assert not (latex / texpieces.state_path_name(PDF_BASENAME)).exists()  # the next build sets it whole
    # The author is told the page and line, as after a full pass.
    log = tmp_path / "latex.log"
    log.write_text(result.stdout, encoding="utf-8")
    message = explain_failure(tex, latex / f"{PDF_BASENAME}-partiel.log", log)
    assert re.match(r"temoignages/synthetique-\d+\.md:\d+: une commande LaTeX inconnue", message), message


def test_a_missing_record_or_a_deleted_page_sets_the_book_whole(book):
    source, latex = book
    _tex_build(source, latex.parent)
    _pdf(latex)  # the book whole again after the failure above
    records = sorted((latex / texpieces.FOLDER).glob("*.kbmorceau"))
    records[len(records) // 2].unlink()
    _edit(source, "a word")
    _tex_build(source, latex.parent)
    assert "Passe partielle" not in _pdf(latex)  # the pieces after it would start from nothing
    gone = texpieces.piece_file("temoignages/synthetique-00011")
    assert (latex / texpieces.FOLDER / f"{gone}.tex").is_file()
    (source / "temoignages" / "synthetique-00011.md").unlink()
    _tex_build(source, latex.parent)
    assert "Passe partielle" not in _pdf(latex)
    assert not list((latex / texpieces.FOLDER).glob(f"{gone}.*"))  # its files went with it
