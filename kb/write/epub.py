"""The EPUB file, made reproducible and valid.

Sphinx zips the e-book with each file's modification time, so two builds of
the same sources differ; and it writes the XML id of the identifier
(``epub_uid``) as the NCX's ``dtb:uid``, where EPUBCheck expects the
identifier itself. Once Sphinx has written the book, it is zipped again:
``mimetype`` first and stored, every entry dated from ``SOURCE_DATE_EPOCH``
(the last commit), with the same permissions; the cover is marked the
EPUB 3 way.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.core.editions import is_ebook

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOS_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def entry_date() -> tuple[int, int, int, int, int, int]:
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    if not stamp:
        return DOS_EPOCH
    return max(DOS_EPOCH, tuple(time.gmtime(int(stamp))[:6]))  # type: ignore[return-value]


def cover_image(opf: bytes) -> bytes:
    """Mark the cover picture the EPUB 3 way (``properties="cover-image"``), beside
    the EPUB 2 ``<meta name="cover">`` Sphinx writes: readers show it on their shelves."""
    cover = re.search(rb'<meta name="cover" content="([^"]+)"', opf)
    if cover is None:
        return opf
    return re.sub(rb'(<item id="' + re.escape(cover.group(1)) + rb'"[^>]*?)(\s*/>)',
                  rb'\g<1> properties="cover-image"\g<2>', opf, count=1)


def repack(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the .epub zipped again, the same bytes for the same sources."""
    if exception is not None or not is_ebook(app):
        return
    path = Path(app.outdir, f"{app.config.epub_basename}.epub")
    if not path.is_file():
        return
    with zipfile.ZipFile(path) as book:
        entries = [(info.filename, book.read(info)) for info in book.infolist()]
    date = entry_date()
    partial = path.with_suffix(".epub.partial")
    with zipfile.ZipFile(partial, "w") as book:
        for name, data in sorted(entries, key=lambda entry: entry[0] != "mimetype"):
            if name == "content.opf":
                data = cover_image(data)
            if name == "toc.ncx":
                data = re.sub(rb'(<meta name="dtb:uid" content=")[^"]*(")',
                              rb"\g<1>" + app.config.epub_identifier.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = 3  # Unix
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            book.writestr(info, data, compresslevel=9 if name != "mimetype" else None)
    os.replace(partial, path)


def french_guide(app: Sphinx) -> None:
    """``builder-inited``: the e-book's own pages have French titles (Sphinx hard-codes English)."""
    if is_ebook(app):
        app.builder.guide_titles = {**app.builder.guide_titles, "toc": "Table des matières",  # type: ignore[attr-defined]
                                    "cover": "Couverture"}


def page_language(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: every page of the book says it is in French (Sphinx's
    e-book pages carry no language of their own)."""
    if is_ebook(app) and app.config.language:
        language = app.config.language
        context["html_tag"] = (f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
                               f'lang="{language}" xml:lang="{language}">')


def setup_epub(app: Sphinx) -> None:
    app.connect("builder-inited", french_guide)
    app.connect("html-page-context", page_language)
    app.connect("build-finished", repack)
