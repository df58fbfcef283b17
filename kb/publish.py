"""Build both editions into a work area, then publish them atomically.

Layout under the build directory (``_build`` by default)::

    work/doctrees  work/html  work/latex   Sphinx's incremental state
    releases/<id>/html  releases/<id>/pdf  complete, published editions
    current -> releases/<id>               swapped by one atomic rename
    html -> current/html,  pdf -> current/pdf

Readers (and a web server) only ever see ``html`` and ``pdf``: they point at
the last release whose HTML *and* PDF builds both succeeded. A failed or
interrupted build changes neither.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kb.pdf import MANIFEST as PDF_MANIFEST  # written by the HTML build

SPHINX_STRICT = ["-W", "--keep-going", "-n"]
PDF_NAME = "temoignages-transformation-digitale.pdf"
KEEP_RELEASES = 2


class BuildFailed(Exception):
    """A step of the build failed; nothing was published."""


@dataclass(frozen=True)
class Layout:
    source: Path
    build: Path

    @property
    def work(self) -> Path:
        return self.build / "work"

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"

    @property
    def releases(self) -> Path:
        return self.build / "releases"

    @property
    def current(self) -> Path:
        return self.build / "current"

    @property
    def work_pdf(self) -> Path:
        return self.work / "latex" / PDF_NAME


def _run(command: list[str], *, env: dict[str, str] | None = None, quiet: bool = False) -> None:
    print("$", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL if quiet else None)
    if result.returncode != 0:
        raise BuildFailed(f"{command[0]} … a échoué (code {result.returncode})")


def reproducible_env(source: Path) -> dict[str, str]:
    """The environment of the builds: dates fixed by SOURCE_DATE_EPOCH.

    Unless the caller sets it, it is the time of the last commit, so that two
    builds of the same sources give the same bytes (the PDF's dates included).
    """
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=source, capture_output=True,
                                   text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            stamp = ""
        if stamp:
            env["SOURCE_DATE_EPOCH"] = stamp
    return env


def sphinx(layout: Layout, builder: str, *, jobs: str = "auto", fresh: bool = False) -> None:
    env = reproducible_env(layout.source)
    command = [sys.executable, "-m", "sphinx", "-b", builder, *SPHINX_STRICT, "-j", jobs,
               "-d", str(layout.doctrees), str(layout.source), str(layout.work / builder)]
    if fresh:
        command.insert(3, "-E")
    try:
        _run(command, env=env)
    except BuildFailed:
        # Warnings are only reported for pages that are read again: forget the
        # environment so that the next build reads, and reports, everything.
        (layout.doctrees / "environment.pickle").unlink(missing_ok=True)
        raise


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
        print("$", " ".join(command), flush=True)
        # Its own process group, so that stopping it stops make, latexmk and XeLaTeX.
        self.process = subprocess.Popen(command, env=tex_env(reproducible_env(layout.source)),
                                        stdout=subprocess.DEVNULL, start_new_session=True)

    def wait(self) -> Path:
        if self.process.wait() != 0:
            raise BuildFailed(f"make all-pdf … a échoué (code {self.process.returncode})")
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


def build_html(layout: Layout, jobs: str = "auto") -> Path:
    # The PDF is copied into the site when it is published (it may still be
    # compiling now); the HTML build records where it goes (kb/pdf.py).
    sphinx(layout, "html", jobs=jobs)
    return layout.work / "html"


def last_pdf(layout: Layout) -> Path | None:
    published = layout.current / "pdf" / PDF_NAME
    for candidate in (layout.work_pdf, published):
        if candidate.is_file():
            return candidate
    return None


def pdf_url(html: Path) -> str:
    """Where the HTML build said the PDF belongs in the site (kb/pdf.py)."""
    try:
        return json.loads((html / PDF_MANIFEST).read_text(encoding="utf-8"))["url"]
    except (OSError, ValueError, KeyError) as error:
        raise BuildFailed(f"{html / PDF_MANIFEST} illisible : reconstruisez le HTML ({error})") from error


def publish(layout: Layout, html: Path, pdf: Path) -> Path:
    """Copy the built editions into a new release and make it current, atomically."""
    layout.releases.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()  # sortable, and distinct for two publications in one second
    release_id = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9)) + f"-{now % 10**9:09d}"
    staging = layout.releases / f".{release_id}.partial"
    # The .kb-* files are the extension's bookkeeping for incremental builds, not pages.
    shutil.copytree(html, staging / "html", ignore=shutil.ignore_patterns(".kb-*"))
    in_site = staging / "html" / pdf_url(html)
    in_site.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, in_site)
    (staging / "pdf").mkdir()
    shutil.copyfile(pdf, staging / "pdf" / PDF_NAME)
    release = layout.releases / release_id
    staging.rename(release)
    link = layout.build / f".current.{release_id}"
    link.symlink_to(Path("releases") / release_id)
    os.replace(link, layout.current)  # the atomic step
    for name in ("html", "pdf"):
        entry = layout.build / name
        if not entry.is_symlink():
            if entry.exists():
                shutil.rmtree(entry)
            entry.symlink_to(Path("current") / name)
    _prune(layout, keep=release)
    return release


def _prune(layout: Layout, keep: Path) -> None:
    releases = sorted(p for p in layout.releases.iterdir() if not p.name.startswith("."))
    for old in releases[:-KEEP_RELEASES]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in layout.releases.glob(".*.partial"):
        if partial.name != f".{keep.name}.partial":
            shutil.rmtree(partial, ignore_errors=True)


def build(layout: Layout, *, html: bool = True, pdf: bool = True, jobs: str = "auto") -> Path:
    """Build the requested editions and publish them; returns the release."""
    pdf_job = start_pdf(layout, jobs) if pdf else None
    try:
        if html or not (layout.current / "html").is_dir():
            html_path = build_html(layout, jobs)
        else:
            html_path = layout.work / "html"
        if pdf_job is not None:
            pdf_path = pdf_job.wait()
        else:  # `make html` before any PDF exists: build it once
            pdf_path = last_pdf(layout) or build_pdf(layout, jobs)
    finally:
        if pdf_job is not None:
            pdf_job.stop()
    return publish(layout, html_path, pdf_path)
