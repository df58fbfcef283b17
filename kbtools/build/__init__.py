"""Building the editions and publishing them atomically (``python -m kb build``).

- ``layout``: the folders under ``_build``;
- ``sphinx``: Sphinx, strict and reproducible;
- ``latex``: XeLaTeX in the background, failures mapped to their page;
- ``xelatex``: the passes (one for the book, laid out for it; the PDF written by each);
- ``texpieces``: the book in pieces, after an edit only the pieces that changed set again;
- ``pdfsplice``: their pages put in place in the book's PDF;
- ``release``: the atomic swap of a complete release (HTML, PDF, EPUB).
"""

from __future__ import annotations

from pathlib import Path

from kbtools.build.latex import build_pdf, start_pdf
from kbtools.build.layout import BuildFailed, Layout
from kbtools.build.release import last_built, publish
from kbtools.build.sphinx import sphinx

__all__ = ["BuildFailed", "Layout", "build", "sphinx"]


def build_html(layout: Layout, jobs: str = "auto") -> Path:
    # The PDF and the EPUB are copied into the site when it is published (the
    # PDF may still be compiling now); the HTML build records where they go
    # (kb/write/downloads.py).
    sphinx(layout, "html", jobs=jobs)
    return layout.work / "html"


def build_epub(layout: Layout, jobs: str = "auto") -> Path:
    """The EPUB (Sphinx's e-book builder, on the environment the others share)."""
    sphinx(layout, "epub", jobs=jobs)
    if not layout.work_epub.is_file():
        raise BuildFailed(f"Sphinx n’a pas produit {layout.work_epub}")
    return layout.work_epub


def build(layout: Layout, *, html: bool = True, pdf: bool = True, epub: bool = True, jobs: str = "auto") -> Path:
    """Build the requested editions and publish them with the last build of the
    others (built now if there is none); returns the release."""
    pdf_job = start_pdf(layout, jobs) if pdf else None
    try:
        if html or not (layout.current / "html").is_dir():
            html_path = build_html(layout, jobs)
        else:
            html_path = layout.work / "html"
        epub_path = build_epub(layout, jobs) if epub else last_built(layout, "epub") or build_epub(layout, jobs)
        if pdf_job is not None:
            pdf_path = pdf_job.wait()
        else:  # `make html` before any PDF exists: build it once
            pdf_path = last_built(layout, "pdf") or build_pdf(layout, jobs)
    finally:
        if pdf_job is not None:
            pdf_job.stop()
    return publish(layout, html_path, pdf_path, epub_path)
