"""The PDF: latexmk and XeLaTeX, run in the background while the HTML is written."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
from pathlib import Path

from kbtools.build.layout import BuildFailed, Layout
from kbtools.build.sphinx import reproducible_env, sphinx

LATEXMKRC = Path(__file__).with_name("latexmkrc")


def latexmk_command(latex: Path) -> list[str]:
    """XeLaTeX through the Makefile Sphinx writes (latexmk, as many passes as needed)."""
    # -xelatex: the passes write .xdv and xdvipdfmx makes the PDF once, at the
    # end (Sphinx's default makes a PDF in every pass, about 10 s each at
    # 1,000 testimonials). -no-shell-escape: content must never run commands
    # through \write18.
    return ["make", "-C", str(latex), "all-pdf",
            f"LATEXMKOPTS=-xelatex -r {shlex.quote(str(LATEXMKRC))} -silent -interaction=nonstopmode -halt-on-error"
            " -no-shell-escape"]


# TeX's main memory (5,000,000 words in TeX Live) runs out at about 3,000
# testimonials, while reading back the labels of the previous pass (every
# section and citation anchor is one). kpathsea reads these from the
# environment; they extend the memory without rebuilding the formats. A
# pass at 3,000 used 28.9 million words; 85 million leave room for about
# 8,000 testimonials.
TEX_MEMORY = {"extra_mem_top": "40000000", "extra_mem_bot": "40000000"}


def tex_env(env: dict[str, str]) -> dict[str, str]:
    """*env* with enough TeX memory for a large knowledge base (unless set already)."""
    return {**TEX_MEMORY, **env}


class PdfJob:
    """XeLaTeX running in the background: it uses one core for minutes, while
    the HTML build, which reuses the environment the LaTeX build read, can
    use the other."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        command = latexmk_command(layout.work / "latex")
        layout.logs.mkdir(parents=True, exist_ok=True)
        self.log = layout.logs / "latex.log"
        if layout.verbose:
            print("$", " ".join(command), flush=True)
        # Its own process group, so that stopping it stops make, latexmk and XeLaTeX.
        with self.log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(command, env=tex_env(reproducible_env(layout.source)),
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self) -> Path:
        if self.process.wait() != 0:
            raise BuildFailed(f"XeLaTeX a échoué (code {self.process.returncode}) ; journal complet : {self.log}")
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
