"""The PDF edition as seen from the web: a link on every page, and the file
itself copied into the site at a stable address."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.diagnostics import KbWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


MANIFEST = ".kb-pdf.json"


def pdf_context(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: what the « Télécharger l’édition PDF » link needs."""
    context["kb_pdf_url"] = context["pathto"](app.config.kb_pdf_url, 1)


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: copy the built PDF to its stable address in the site.

    The address is also recorded for ``kb.publish``, which copies the PDF
    itself when the build runs XeLaTeX and the HTML build side by side.
    """
    if exception is not None or app.builder.format != "html":
        return
    Path(app.outdir, MANIFEST).write_text(json.dumps({"url": app.config.kb_pdf_url}), encoding="utf-8")
    if not app.config.kb_pdf_source:
        return
    source = Path(app.confdir, app.config.kb_pdf_source)
    if not source.is_file():
        warn(
            f"l’édition PDF {source} n’existe pas : construisez-la d’abord (make pdf) "
            f"(the PDF edition is missing; build it first)",
            KbWarning.PDF_MISSING,
            None,
        )
        return
    destination = Path(app.outdir, app.config.kb_pdf_url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


def setup_pdf(app: Sphinx) -> None:
    # Where the PDF lives in the HTML site: a published URL, never to change.
    app.add_config_value("kb_pdf_url", "edition/temoignages-transformation-digitale.pdf",
                         "html", types=(str,))
    # The built PDF to copy there ("" to copy nothing, e.g. in tests).
    # Not part of what the pages show: changing it must not rebuild them.
    app.add_config_value("kb_pdf_source", "", "", types=(str,))
    app.connect("html-page-context", pdf_context)
    app.connect("build-finished", copy_pdf)
