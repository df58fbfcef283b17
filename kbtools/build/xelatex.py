"""XeLaTeX, as few passes as the book needs (one), the PDF written by each.

``python kbtools/build/xelatex.py DOSSIER NOM`` turns ``DOSSIER/NOM.tex``
into ``DOSSIER/NOM.pdf``. It replaces latexmk, which decides from the
``.aux`` and friends whether to run again, and so runs twice from scratch.

The book loads ``kbunepasse.sty`` (kb/write): links to named destinations,
page numbers of what is already printed, contents at the end and outline
from the same pass. Nothing it typesets is read from an earlier pass, so:

* a pass of the book is the last unless its log asks for another:
  references LaTeX could not resolve, or a package asking to be run again
  (a long table measuring its columns, say). LaTeX's own « Label(s) may have
  changed » is no such request for the book: nothing in it reads the labels;
* any other document (the driver is general) runs again while its
  ``.aux``, ``.toc`` or ``.out`` change, as latexmk would;
* every pass writes the PDF: XeTeX feeds xdvipdfmx through a pipe while it
  typesets, on the other core; at most ``MAX_PASSES``, then the build fails;
* nothing changed in the inputs since the last PDF (same ``.tex``, images,
  styles): no pass at all.

Each pass prints « Passe N … » on standard output (the build's
``latex.log``; the benchmark counts them).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

MAX_PASSES = 4

# Written by XeLaTeX; not inputs of the next build.
OUTPUT_SUFFIXES = (".aux", ".toc", ".out", ".log", ".xdv", ".pdf", ".fls", ".fdb_latexmk",
                   ".kbpages", ".kbtoc")
INPUTS_DIGEST = ".kb-entrees-pdf"

# In the log of a document typeset in one pass (\ProvidesPackage of kb/write/kbunepasse.sty).
ONE_PASS_DOCUMENT = "Package: kbunepasse "
# Written by XeLaTeX for the next pass of other documents…
STATE_SUFFIXES = (".aux", ".toc", ".out")
# `\gdef\@abspage@last{N}` (the total page count, for LaTeX's own use).
PAGE_COUNT_LINE = b"\\gdef \\@abspage@last{"
# …and, in the log of a one-pass document, what asks for another pass.
RERUN = re.compile(r"There were undefined references|\bRerun (to|LaTeX)\b|Warning: File `[^']*' has changed")
# LaTeX's kernel compares the labels with the previous pass's: here nothing reads them.
NOT_A_REQUEST = "Label(s) may have changed. Rerun to get cross-references right."


def xelatex_command(latex: Path, basename: str) -> list[str]:
    """How the build runs this driver (in its own process group). By its path,
    not ``-m``: it needs nothing but the standard library, and ``-m`` would
    import ``kbtools.build`` (which imports this module) first."""
    return [sys.executable, str(Path(__file__).resolve()), str(latex), basename]


def rerun_requests(log: str) -> list[str]:
    """The lines of a pass's log that ask for another pass."""
    lines = log.replace(NOT_A_REQUEST, "").splitlines()
    return [line.strip() for line in lines if RERUN.search(line)]


def _state(latex: Path, basename: str) -> bytes:
    digest = hashlib.sha256()
    for suffix in STATE_SUFFIXES:
        path = latex / f"{basename}{suffix}"
        data = path.read_bytes() if path.is_file() else b"(absent)"
        if suffix == ".aux":
            data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(PAGE_COUNT_LINE))
        digest.update(suffix.encode() + b"\0" + data + b"\0")
    return digest.digest()


def _inputs(latex: Path, basename: str) -> str:
    """A digest of everything XeLaTeX reads from the folder (the .tex, styles, images)."""
    digest = hashlib.sha256()
    outputs = {f"{basename}{suffix}" for suffix in OUTPUT_SUFFIXES} | {INPUTS_DIGEST}
    for path in sorted(p for p in latex.rglob("*") if p.is_file()):
        name = path.relative_to(latex).as_posix()
        if name not in outputs:
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _pass(latex: Path, basename: str, number: int) -> list[str]:
    """One pass of XeLaTeX, writing the PDF; why another is needed (nothing: it was the last)."""
    before = _state(latex, basename)
    print(f"Passe {number} de XeLaTeX", flush=True)
    command = ["xelatex", "-interaction=nonstopmode", "-halt-on-error",
               # Content must never run commands through \write18.
               "-no-shell-escape", f"{basename}.tex"]
    # TeX's own output goes to the .log; the build reads it when a pass fails.
    result = subprocess.run(command, cwd=latex, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"XeLaTeX a échoué à la passe {number} (code {result.returncode})")
    log = (latex / f"{basename}.log").read_text(encoding="utf-8", errors="replace")
    if ONE_PASS_DOCUMENT in log:
        return rerun_requests(log)
    return [] if _state(latex, basename) == before else ["le .aux, le .toc ou le .out ont changé"]


def build(latex: Path, basename: str) -> int:
    """The PDF, up to date; returns the number of passes it took (0: it already was)."""
    pdf = latex / f"{basename}.pdf"
    recorded = latex / INPUTS_DIGEST
    inputs = _inputs(latex, basename)
    if pdf.is_file() and recorded.is_file() and recorded.read_text() == inputs:
        print("Le PDF est à jour : aucune passe", flush=True)
        return 0
    recorded.unlink(missing_ok=True)
    (latex / f"{basename}.xdv").unlink(missing_ok=True)  # left by an older build: 90 MB at 1,000
    for number in range(1, MAX_PASSES + 1):
        requests = _pass(latex, basename, number)
        if not requests:
            recorded.write_text(inputs)
            return number
        print(f"  une autre passe est demandée : {requests[0]}", flush=True)
    raise SystemExit(f"les renvois du PDF ne se stabilisent pas après {MAX_PASSES} passes de XeLaTeX")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage : python kbtools/build/xelatex.py DOSSIER NOM", file=sys.stderr)
        return 2
    passes = build(Path(args[0]), args[1])
    print(f"{passes} passe{'s' if passes > 1 else ''} de XeLaTeX", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
