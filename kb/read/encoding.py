"""Undecodable source files: a located error, not a crash.

Sphinx reads sources strictly and stops with a traceback on invalid UTF-8.
Such a page is reported with the line of its first bad byte (which fails the
strict build) and left out of the reading, so every other error of the
build is still reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kb.core.diagnostics import KbWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every page to read must be valid UTF-8."""
    for docname in list(docnames):
        data = Path(env.doc2path(docname)).read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            warn(f"octets invalides en UTF-8 (undecodable bytes: {data[error.start:error.end]!r}) ; "
                 "enregistrez le fichier en UTF-8 (file is not valid UTF-8)",
                 KbWarning.FRONT_MATTER, (docname, line))
            docnames.remove(docname)
            env.found_docs.discard(docname)  # not a page of this build: never written either


def setup_encoding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_encoding)
