"""The other editions as seen from the web: « Télécharger l’édition PDF » and
« … EPUB » on every page, and where in the site the files go.

The PDF and the EPUB are built beside the HTML (XeLaTeX may still be
compiling when the pages are written), so the HTML build only records their
addresses in the site (``.kb-editions.json``); ``kbtools.build.release``
copies the files there when it publishes a release, and writes each file's
size into the links, in place of the markers below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.core.config import EDITIONS_MANIFEST
from kb.core.editions import is_web

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Replaced at publication by « (1,2 Mo) »: the sizes are known only then.
SIZE_MARKER = "<!--kb-taille-{}-->"


def download_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: what the download links need."""
    context["kb_pdf_url"] = context["pathto"](app.config.kb_pdf_url, 1)
    context["kb_epub_url"] = context["pathto"](app.config.kb_epub_url, 1)
    context["kb_pdf_size"] = SIZE_MARKER.format("pdf")
    context["kb_epub_size"] = SIZE_MARKER.format("epub")


def record_urls(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say where the PDF and the EPUB belong in the site."""
    if exception is not None or not is_web(app):
        return
    Path(app.outdir, EDITIONS_MANIFEST).write_text(
        json.dumps({"pdf": app.config.kb_pdf_url, "epub": app.config.kb_epub_url}, sort_keys=True), encoding="utf-8")


def setup_downloads(app: Sphinx) -> None:
    app.connect("html-page-context", download_context)
    app.connect("build-finished", record_urls)
