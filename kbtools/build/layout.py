"""Where everything goes under the build directory (``_build`` by default)::

    work/doctrees  work/html  work/latex   Sphinx's incremental state
    releases/<id>/html  …/pdf  …/epub        complete, published editions
    current -> releases/<id>               swapped by one atomic rename
    html -> current/html,  pdf -> current/pdf,  epub -> current/epub
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.core.config import EPUB_FILENAME as EPUB_NAME
from kb.core.config import PDF_FILENAME as PDF_NAME


class BuildFailed(Exception):
    """A step of the build failed; nothing was published."""


@dataclass(frozen=True)
class Layout:
    source: Path
    build: Path
    # Quiet (the default): each step's full log goes to logs/, and only the
    # problems are printed, as ``file:line: message``. Verbose: every line.
    verbose: bool = False

    @property
    def logs(self) -> Path:
        return self.build / "logs"

    @property
    def work(self) -> Path:
        return self.build / "work"

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"

    @property
    def releases(self) -> Path:
        return self.build / "releases"

    @property
    def current(self) -> Path:
        return self.build / "current"

    @property
    def work_pdf(self) -> Path:
        return self.work / "latex" / PDF_NAME

    @property
    def work_epub(self) -> Path:
        return self.work / "epub" / EPUB_NAME
