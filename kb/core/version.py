"""The version of the extension's code, which Sphinx stores with the environment."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from kb.core.domain import KnowledgeBaseDomain

PACKAGE = Path(__file__).resolve().parent.parent  # kb/
# Not part of the extension: ``python -m kb`` hands over to the tools (kbtools).
NOT_LOADED_BY_SPHINX = {"__main__.py"}


@functools.cache
def code_version() -> int:
    """A number that changes whenever the extension's code or assets change.

    Sphinx rebuilds everything when ``env_version`` changes: editing the
    extension (which lives in this repository) then never leaves pages
    rendered by the old code in an incremental build. Only what Sphinx loads
    counts: editing the command line or the publication step (``kbtools``)
    must not make the next build read every testimonial again.
    """
    digest = hashlib.sha256(str(KnowledgeBaseDomain.data_version).encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css"} and path.name not in NOT_LOADED_BY_SPHINX:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
