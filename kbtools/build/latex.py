"""The PDF: XeLaTeX (kbtools.build.xelatex), run in the background while the HTML is written.

When XeLaTeX fails, the first error of its log is mapped back to the page
and line it comes from, through the ``%% kb-source: path:line`` comments
the LaTeX writer puts before each block (``kb/write/latexfonts.py``), and
reported as ``temoignages/x.md:12: message en français (erreur LaTeX : …)``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kb.core.config import LATEX_SOURCE_MARKER, PDF_BASENAME
from kb.core.french import shorten
from kbtools.build.layout import BuildFailed, Layout
from kbtools.build.sphinx import reproducible_env, sphinx
from kbtools.build.texpieces import FOLDER as PIECES_FOLDER
from kbtools.build.xelatex import xelatex_command

# TeX's main memory (5,000,000 words in TeX Live) runs out at about 3,000
# testimonials, while reading back the labels of the previous pass (every
# section and citation anchor is one). kpathsea reads these from the
# environment; they extend the memory without rebuilding the formats. A
# pass at 3,000 used 28.9 million words; 85 million leave room for about
# 8,000 testimonials. The string pool (5.85 million characters) holds every
# name TeX makes, one per label at least (the .aux's); 20 million is as much
# room again for about three times as many labels.
TEX_MEMORY = {"extra_mem_top": "40000000", "extra_mem_bot": "40000000", "pool_size": "20000000"}


def tex_env(env: dict[str, str]) -> dict[str, str]:
    """*env* with enough TeX memory for a large knowledge base (unless set already)."""
    return {**TEX_MEMORY, **env}


class PdfJob:
    """XeLaTeX running in the background: it uses one core for minutes, while
    the HTML build, which reuses the environment the LaTeX build read, can
    use the other."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        command = xelatex_command(layout.work / "latex", PDF_BASENAME)
        layout.logs.mkdir(parents=True, exist_ok=True)
        self.log = layout.logs / "latex.log"
        if layout.verbose:
            print("$", " ".join(command), flush=True)
        # Its own process group, so that stopping it stops XeLaTeX and xdvipdfmx too.
        self.started = time.time()
        with self.log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(command, env=tex_env(reproducible_env(layout.source)),
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self) -> Path:
        if self.process.wait() != 0:
            latex = self.layout.work / "latex"
            logs = [latex / f"{PDF_BASENAME}{suffix}.log" for suffix in ("", "-partiel")]  # whole, or in part
            tex_log = max((path for path in logs if path.is_file()), key=lambda path: path.stat().st_mtime,
                          default=logs[0])
            problem = explain_failure(latex / f"{PDF_BASENAME}.tex", tex_log, self.log, since=self.started)
            print(problem, file=sys.stderr)
            raise BuildFailed(f"XeLaTeX a échoué (code {self.process.returncode})")
        if not self.layout.work_pdf.is_file():
            raise BuildFailed(f"LaTeX n’a pas produit {self.layout.work_pdf}")
        return self.layout.work_pdf

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# TeX's errors an author's content can cause, in French: what to do about them.
TEX_ERRORS = (
    (re.compile(r"Unable to read an entire line"),
     "un passage sans retour à la ligne est trop long pour TeX ; coupez-le en paragraphes"),
    (re.compile(r"Too deeply nested"),
     "trop de niveaux imbriqués (citations dans des citations, listes dans des listes) pour le PDF ; "
     "réduisez l’imbrication"),
    (re.compile(r"TeX capacity exceeded"),
     "ce passage dépasse la capacité de TeX ; coupez-le en paragraphes ou en pages plus courtes"),
    (re.compile(r"Dimension too large"),
     "une taille démesurée (image, tableau ou retrait) ; réduisez-la"),
    (re.compile(r"File `(?P<name>[^']*)' not found"),
     "le fichier « {name} » manque au PDF ; vérifiez le nom de l’image ou du fichier"),
    (re.compile(r"Undefined control sequence"),
     "une commande LaTeX inconnue ; ce n’est pas votre texte mais la mise en page : signalez-le"),
)
LOG_LINE = re.compile(r"^l\.(?P<number>\d+) (?P<text>.*)$", re.M)
BUFSIZE = re.compile(r"bufsize=(\d+)")


@dataclass(frozen=True)
class TexError:
    """The first error of a TeX log: its message, and the line of the .tex it stopped at."""

    message: str
    tex_line: int | None


def first_error(log: str, tex_lines: list[str]) -> TexError | None:
    """The first ``! …`` error of *log*, and the line of the main .tex (*tex_lines*) it is on.

    TeX gives ``l.NNN`` with the start of the offending line; it may be a line
    of another file (the .toc, a package), so the text must match the .tex.
    An input line too long for TeX's buffer has no ``l.NNN``: it is the first
    line of the .tex longer than the buffer.
    """
    start = log.find("\n! ")
    if start == -1 and not log.startswith("! "):
        return None
    start = start + 1 if start != -1 else 0
    message = log[start + 2:log.find("\n", start)].strip() if "\n" in log[start:] else log[start + 2:].strip()
    rest = log[start:start + 5000]
    size = BUFSIZE.search(message)
    if size:
        limit = int(size.group(1))
        long_line = next((n for n, line in enumerate(tex_lines, 1) if len(line) >= limit), None)
        return TexError(message, long_line)
    found = LOG_LINE.search(rest)
    if not found:
        return TexError(message, None)
    number = int(found["number"])
    shown = found["text"].removeprefix("...").strip()[-30:]
    if number > len(tex_lines) or shown not in tex_lines[number - 1]:
        return TexError(message, None)  # a line of another file
    return TexError(message, number)


PIECE_OPENED = re.compile(r"\((?:\./)?%s/([a-z0-9-]+)\.tex\b" % PIECES_FOLDER)


def piece_at_error(log: str, latex: Path) -> Path | None:
    """The piece of the book TeX last opened before its first error (the error's line is
    checked against it: it may have been closed since)."""
    error = log.find("\n! ")
    opened = list(PIECE_OPENED.finditer(log, 0, error)) if error != -1 else []
    path = latex / PIECES_FOLDER / f"{opened[-1][1]}.tex" if opened else None
    return path if path is not None and path.is_file() else None


def source_of(tex_lines: list[str], number: int) -> str | None:
    """``temoignages/x.md:12``: the last source marker at or before line *number* of the .tex."""
    for index in range(min(number, len(tex_lines)) - 1, -1, -1):
        marker = tex_lines[index].rfind(LATEX_SOURCE_MARKER)
        if marker != -1:
            return tex_lines[index][marker + len(LATEX_SOURCE_MARKER):].strip()
    return None


def french(message: str) -> str:
    for pattern, explanation in TEX_ERRORS:
        found = pattern.search(message)
        if found:
            return explanation.format(**found.groupdict())
    return "XeLaTeX ne peut pas composer ce passage ; vérifiez sa mise en forme"


DRIVER_ERROR = re.compile(r"^(?!Passe |  ).*(?:fatal|error)\b.*$", re.I | re.M)


def explain_failure(tex: Path, tex_log: Path, log: Path, since: float = 0) -> str:
    """The line an author reads when XeLaTeX fails: the page and line, what to do, the log.

    The TeX log is appended to the build's ``latex.log`` (the driver prints
    only its passes), so that the path given is the full log.
    """
    try:
        tex_lines = tex.read_text(encoding="utf-8", errors="replace").split("\n")
        tex_text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.stat().st_mtime >= since else ""
        output = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        tex_lines, tex_text, output = [], "", ""
    if tex_text:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"\n--- {tex_log} ---\n{tex_text}")
    error = first_error(tex_text, tex_lines)
    piece = piece_at_error(tex_text, tex.parent)
    if piece is not None:  # the book set in pieces (kbtools/build/texpieces.py): TeX was reading one
        piece_lines = piece.read_text(encoding="utf-8", errors="replace").split("\n")
        in_piece = first_error(tex_text, piece_lines)
        if in_piece is not None and in_piece.tex_line is not None:
            error, tex_lines = in_piece, piece_lines
    if error is None:  # xdvipdfmx, or the driver itself
        driver = DRIVER_ERROR.search(output)
        detail = f" (« {shorten(driver.group().strip())} »)" if driver else ""
        return f"la fabrication du PDF a échoué sans erreur TeX{detail} ; journal complet : {log}"
    where = source_of(tex_lines, error.tex_line) if error.tex_line else None
    prefix = f"{where}: " if where else f"{tex.name}{f':{error.tex_line}' if error.tex_line else ''}: "
    return f"{prefix}{french(error.message)} (erreur LaTeX : {shorten(error.message)}) ; journal complet : {log}"


def start_pdf(layout: Layout, jobs: str = "auto") -> PdfJob:
    """The LaTeX sources (Sphinx), then XeLaTeX in the background."""
    sphinx(layout, "latex", jobs=jobs)
    return PdfJob(layout)


def build_pdf(layout: Layout, jobs: str = "auto") -> Path:
    job = start_pdf(layout, jobs)
    try:
        return job.wait()
    finally:
        job.stop()
