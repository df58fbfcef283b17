"""Which edition the running builder makes.

Sphinx's EPUB builder is an HTML builder (``builder.format == "html"``), but
the e-book is not the web site: it has no JavaScript, no search, no facet
pages, no redirects and no feed. Features ask here rather than testing the
format themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def is_ebook(app: Sphinx) -> bool:
    """The EPUB edition."""
    from sphinx.builders._epub_base import EpubBuilder

    return isinstance(app.builder, EpubBuilder)


def is_web(app: Sphinx) -> bool:
    """The HTML site."""
    return app.builder.format == "html" and not is_ebook(app)


def add_web_assets(app: Sphinx, *, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> None:
    """Load *scripts* (deferred) and *styles* in the web site's pages only: an
    e-book has no JavaScript, and these files are not copied into it."""

    def register(app: Sphinx) -> None:
        if is_web(app):
            for script in scripts:
                app.add_js_file(script, loading_method="defer")
            for style in styles:
                app.add_css_file(style)

    app.connect("builder-inited", register)


WRITTEN = "kb_written_beside"  # builder attribute: the files written in its output folder, in order


def write_beside(app: Sphinx, name: str) -> Path:
    """The path of *name* in the builder's output folder, noted as written (a picture file:
    the LaTeX page parts of kb.write.latexpages are taken back only while what their page
    wrote while it was resolved is still there)."""
    written = getattr(app.builder, WRITTEN, None)
    if written is None:
        written = []
        setattr(app.builder, WRITTEN, written)
    written.append(name)
    return Path(app.builder.outdir, name)
