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
  styles): no pass at all;
* a book the writer marked in pieces (``texpieces``): after an edit, only
  the pieces that changed are set, and their pages put in place in the last
  PDF (``pdfsplice``); the whole book otherwise.

Each pass prints « Passe N … » on standard output (the build's
``latex.log``; the benchmark counts them).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

try:
    from . import texpieces
except ImportError:  # run by its path (xelatex_command): its folder is on sys.path
    import texpieces  # type: ignore[no-redef]

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


def _input_files(latex: Path, basename: str) -> dict[str, str]:
    """Everything XeLaTeX reads from the folder (the .tex, styles, images): name -> digest."""
    outputs = {f"{basename}{suffix}" for suffix in OUTPUT_SUFFIXES} | {INPUTS_DIGEST}
    files = {}
    for path in sorted(p for p in latex.rglob("*") if p.is_file()):
        name = path.relative_to(latex).as_posix()
        if name not in outputs and not texpieces.generated(basename, name):
            files[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


# XeTeX's own driver command (``xdvipdfmx -q -E``), with zlib's level 6 instead
# of xdvipdfmx's 9: measured on the synthetic book of 1,000 testimonials
# (2,657 pages), xdvipdfmx takes 2.6 s instead of 4.7 s, and the pass
# 0.3 to 0.5 s less (what xdvipdfmx has left to write when XeTeX ends); the
# PDF is 3 % larger (11.8 MB instead of 11.5). The pages are the same:
# compression is lossless.
OUTPUT_DRIVER = "xdvipdfmx -q -E -z 6"


def _xelatex(latex: Path, source: str, jobname: str, what: str) -> str:
    """XeLaTeX on *source* (the PDF is *jobname*.pdf); its log."""
    command = ["xelatex", "-interaction=nonstopmode", "-halt-on-error",
               # Content must never run commands through \write18.
               "-no-shell-escape", f"-output-driver={OUTPUT_DRIVER}", f"-jobname={jobname}", source]
    # TeX's own output goes to the .log; the build reads it when a pass fails.
    result = subprocess.run(command, cwd=latex, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"XeLaTeX a échoué {what} (code {result.returncode})")
    return (latex / f"{jobname}.log").read_text(encoding="utf-8", errors="replace")


def _pass(latex: Path, basename: str, number: int, source: str | None = None) -> list[str]:
    """One pass of XeLaTeX, writing the PDF; why another is needed (nothing: it was the last)."""
    before = _state(latex, basename)
    print(f"Passe {number} de XeLaTeX", flush=True)
    log = _xelatex(latex, source or f"{basename}.tex", basename, f"à la passe {number}")
    if ONE_PASS_DOCUMENT in log:
        return rerun_requests(log)
    return [] if _state(latex, basename) == before else ["le .aux, le .toc ou le .out ont changé"]


def build(latex: Path, basename: str) -> int:
    """The PDF, up to date; returns the number of passes it took (0: it already was;
    a book set again in part counts one)."""
    pdf = latex / f"{basename}.pdf"
    recorded = latex / INPUTS_DIGEST
    files = _input_files(latex, basename)
    inputs = texpieces.digest(sorted(files.items()))
    if pdf.is_file() and recorded.is_file() and recorded.read_text() == inputs:
        print("Le PDF est à jour : aucune passe", flush=True)
        return 0
    recorded.unlink(missing_ok=True)
    (latex / f"{basename}.xdv").unlink(missing_ok=True)  # left by an older build: 90 MB at 1,000
    book = texpieces.split((latex / f"{basename}.tex").read_text(encoding="utf-8"))
    source = None
    state_path = latex / texpieces.state_path_name(basename)
    if book is not None:
        source = texpieces.write(latex, basename, book).name
        book.read_files({name: value for name, value in files.items() if name != f"{basename}.tex"})
        state = texpieces.State.load(state_path)
        state_path.unlink(missing_ok=True)  # written again once the PDF is whole
        changed = texpieces.changed_pieces(latex, state, book) if pdf.is_file() else None
        if state is not None and changed and _set_pieces(latex, basename, book, state, changed):
            state.save(state_path)
            recorded.write_text(inputs)
            return 1
    for number in range(1, MAX_PASSES + 1):
        requests = _pass(latex, basename, number, source)
        if not requests:
            if book is not None and (state := texpieces.full_state(latex, book)) is not None:
                state.save(state_path)
            recorded.write_text(inputs)
            return number
        print(f"  une autre passe est demandée : {requests[0]}", flush=True)
    raise SystemExit(f"les renvois du PDF ne se stabilisent pas après {MAX_PASSES} passes de XeLaTeX")


def _set_pieces(latex: Path, basename: str, book: texpieces.Book, state: texpieces.State,
                changed: list[str]) -> bool:
    """Set the pieces that changed, then those that read what they give, and put their pages
    in place in the PDF; False (nothing written) when the whole book must be set instead.
    *state* is brought up to date."""
    runs: list[tuple[Path, list[tuple[int, int, int]]]] = []
    try:
        if not _partial_passes(latex, basename, book, state, changed, runs):
            return False
        try:
            from . import pdfsplice
        except ImportError:
            import pdfsplice  # type: ignore[no-redef]
        if not pdfsplice.splice(latex / f"{basename}.pdf", runs):
            print("  le PDF ne se laisse pas compléter : le livre entier est composé", flush=True)
            return False
    finally:
        for part, _ in runs:
            part.unlink(missing_ok=True)
    count = sum(len(pieces) for _, pieces in runs)
    print(f"  {count} morceau{'x' if count > 1 else ''} remis en place dans le PDF", flush=True)
    return True


def _partial_passes(latex: Path, basename: str, book: texpieces.Book, state: texpieces.State,
                    changed: list[str], runs: list[tuple[Path, list[tuple[int, int, int]]]]) -> bool:
    """The partial passes, each PDF added to *runs* with where its pieces go; False when the
    whole book must be set."""
    jobname = f"{basename}-partiel"
    todo, done = changed, set()
    while todo:
        print(f"Passe partielle de XeLaTeX : {len(todo)} morceau{'x' if len(todo) > 1 else ''} "
              f"sur {len(book.pieces)}", flush=True)
        source = texpieces.partial_master(latex, basename, book, todo).name
        log = _xelatex(latex, source, jobname, "pendant la passe partielle")
        if rerun_requests(log):
            print("  la passe partielle demande une autre passe : le livre entier est composé", flush=True)
            return False
        new = {name: texpieces.record(latex, name, book) for name in todo}
        if any(rec is None for rec in new.values()):
            return False
        following = texpieces.followers(state, book, done | set(todo), new)  # type: ignore[arg-type]
        if following is None:
            print("  des pages ou des compteurs ont bougé : le livre entier est composé", flush=True)
            return False
        part = latex / f"{jobname}-{len(runs) + 1}.pdf"
        os.replace(latex / f"{jobname}.pdf", part)
        runs.append((part, [(state.records[name].first, rec.first, rec.count)  # type: ignore[union-attr]
                            for name, rec in new.items()]))
        for name, rec in new.items():
            rec.first = state.records[name].first  # its place in the whole book
            state.records[name] = rec  # type: ignore[assignment]
        done.update(todo)
        todo = following
    return True


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
