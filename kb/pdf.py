"""The PDF edition as seen from the web: a link on every page, and the
address where ``kb.publish`` copies the file into the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


MANIFEST = ".kb-pdf.json"


def pdf_context(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: what the « Télécharger l’édition PDF » link needs."""
    context["kb_pdf_url"] = context["pathto"](app.config.kb_pdf_url, 1)


def record_pdf_url(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say where the PDF belongs in the site.

    ``kb.publish`` copies the PDF there when it publishes a release: XeLaTeX
    may still be compiling while the HTML is written.
    """
    if exception is not None or app.builder.format != "html":
        return
    Path(app.outdir, MANIFEST).write_text(json.dumps({"url": app.config.kb_pdf_url}), encoding="utf-8")


def setup_pdf(app: Sphinx) -> None:
    # Where the PDF lives in the HTML site: a published URL, never to change.
    app.add_config_value("kb_pdf_url", "edition/temoignages-transformation-digitale.pdf",
                         "html", types=(str,))
    app.connect("html-page-context", pdf_context)
    app.connect("build-finished", record_pdf_url)
