"""One reader per source type, each returning a ``document.Document``.

Each module has ``load(path, data, work) -> Document``: *data* is the file's
bytes (already checked for size and emptiness), *work* a temporary folder
that lives until the page is written (images extracted from a Word file…).
"""

from __future__ import annotations

import importlib

# extension -> module (imported when needed: each pulls its own libraries)
READERS = {
    ".txt": "text",
    ".md": "markdown",
    ".docx": "word",
    ".odt": "opendocument",
    ".html": "web",
    ".htm": "web",
    ".eml": "mail",
}


def reader(extension: str):
    """The module that reads files with *extension*, or None."""
    name = READERS.get(extension.lower())
    return importlib.import_module(f"kbtools.authoring.importers.{name}") if name else None
