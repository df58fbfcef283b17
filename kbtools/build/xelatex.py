"""XeLaTeX, as few passes as the book needs, the PDF written by the last one.

``python kbtools/build/xelatex.py DOSSIER NOM`` turns ``DOSSIER/NOM.tex``
into ``DOSSIER/NOM.pdf``. It replaces latexmk, which cannot know in advance
which pass is the last: it makes every pass write a ``.xdv`` and converts it
with xdvipdfmx once at the end (4 s at 1,000 testimonials, on one core, after
XeLaTeX). Here:

* no ``.aux`` yet (a fresh build): the first pass cannot be the last (page
  numbers, links and the contents come from the ``.aux``, ``.toc`` and
  ``.out`` it writes), so it writes no PDF (``-no-pdf``);
* every other pass writes the PDF itself: XeTeX feeds xdvipdfmx through a
  pipe while it typesets, on the other core;
* a pass that leaves the ``.aux``, ``.toc`` and ``.out`` as they were is the
  last (the total page count written in the ``.aux`` is ignored: nothing is
  laid out from it, and the contents, at the end, changes it in a fresh
  build); at most ``MAX_PASSES``, then the build fails;
* nothing changed in the inputs since the last PDF (same ``.tex``, images,
  styles): no pass at all.

So a fresh build takes two passes, the second writing the PDF, and a
rebuild one pass when no page moved (the layout is made for it: see
``conf.py``, contents at the end, page numbers in fixed-width boxes).

Each pass prints « Passe N … » on standard output (the build's
``latex.log``; the benchmark counts them).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

MAX_PASSES = 4

# Written by XeLaTeX: the state carried from one pass to the next…
STATE_SUFFIXES = (".aux", ".toc", ".out")
# …and the outputs, which are not inputs of the next build.
OUTPUT_SUFFIXES = (*STATE_SUFFIXES, ".log", ".xdv", ".pdf", ".fls", ".fdb_latexmk")
INPUTS_DIGEST = ".kb-entrees-pdf"

# `\gdef\@abspage@last{N}` (the total page count, for LaTeX's own use).
PAGE_COUNT_LINE = b"\\gdef \\@abspage@last{"


def xelatex_command(latex: Path, basename: str) -> list[str]:
    """How the build runs this driver (in its own process group). By its path,
    not ``-m``: it needs nothing but the standard library, and ``-m`` would
    import ``kbtools.build`` (which imports this module) first."""
    return [sys.executable, str(Path(__file__).resolve()), str(latex), basename]


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


def _pass(latex: Path, basename: str, number: int, to_pdf: bool) -> None:
    print(f"Passe {number} de XeLaTeX{'' if to_pdf else ' (sans PDF)'}", flush=True)
    command = ["xelatex", "-interaction=nonstopmode", "-halt-on-error",
               # Content must never run commands through \write18.
               "-no-shell-escape", f"{basename}.tex"]
    if not to_pdf:
        command.insert(1, "-no-pdf")
    # TeX's own output goes to the .log; the build reads it when a pass fails.
    result = subprocess.run(command, cwd=latex, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"XeLaTeX a échoué à la passe {number} (code {result.returncode})")


def build(latex: Path, basename: str) -> int:
    """The PDF, up to date; returns the number of passes it took (0: it already was)."""
    pdf = latex / f"{basename}.pdf"
    recorded = latex / INPUTS_DIGEST
    inputs = _inputs(latex, basename)
    if pdf.is_file() and recorded.is_file() and recorded.read_text() == inputs:
        print("Le PDF est à jour : aucune passe", flush=True)
        return 0
    recorded.unlink(missing_ok=True)
    fresh = not (latex / f"{basename}.aux").is_file()
    for number in range(1, MAX_PASSES + 1):
        before = _state(latex, basename)
        to_pdf = not (fresh and number == 1)
        _pass(latex, basename, number, to_pdf)
        if to_pdf and _state(latex, basename) == before:
            # The first pass's .xdv (90 MB at 1,000 testimonials) is stale now.
            (latex / f"{basename}.xdv").unlink(missing_ok=True)
            recorded.write_text(inputs)
            return number
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
