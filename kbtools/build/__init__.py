"""Building the editions and publishing them atomically (``python -m kb build``).

- ``layout``: the folders under ``_build``;
- ``sphinx``: Sphinx, strict and reproducible;
- ``latex``: latexmk and XeLaTeX in the background;
- ``release``: the atomic swap of a complete release.
"""

from __future__ import annotations

from pathlib import Path

from kbtools.build.latex import build_pdf, start_pdf
from kbtools.build.layout import BuildFailed, Layout
from kbtools.build.release import last_pdf, publish
from kbtools.build.sphinx import sphinx

__all__ = ["BuildFailed", "Layout", "build", "sphinx"]


def build_html(layout: Layout, jobs: str = "auto") -> Path:
    # The PDF is copied into the site when it is published (it may still be
    # compiling now); the HTML build records where it goes (kb/write/pdf.py).
    sphinx(layout, "html", jobs=jobs)
    return layout.work / "html"


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
