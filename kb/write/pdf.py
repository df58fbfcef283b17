"""The PDF edition as seen from the web: a link on every page, and the
address where ``kbtools.build.release`` copies the file into the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


from kb.core.config import PDF_MANIFEST as MANIFEST


def pdf_context(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: what the « Télécharger l’édition PDF » link needs."""
    context["kb_pdf_url"] = context["pathto"](app.config.kb_pdf_url, 1)


def record_pdf_url(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say where the PDF belongs in the site.

    ``kbtools.build.release`` copies the PDF there when it publishes a release: XeLaTeX
    may still be compiling while the HTML is written.
    """
    if exception is not None or app.builder.format != "html":
        return
    Path(app.outdir, MANIFEST).write_text(json.dumps({"url": app.config.kb_pdf_url}), encoding="utf-8")


def setup_pdf(app: Sphinx) -> None:
    app.connect("html-page-context", pdf_context)
    app.connect("build-finished", record_pdf_url)
