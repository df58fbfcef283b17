"""Which edition the running builder makes.

Sphinx's EPUB builder is an HTML builder (``builder.format == "html"``), but
the e-book is not the web site: it has no JavaScript, no search, no facet
pages, no redirects and no feed. Features ask here rather than testing the
format themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def is_ebook(app: Sphinx) -> bool:
    """The EPUB edition."""
    return bool(getattr(app.builder, "epub_version", None))


def is_web(app: Sphinx) -> bool:
    """The HTML site."""
    return app.builder.format == "html" and not is_ebook(app)
