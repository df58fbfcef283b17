"""The knowledge base's Sphinx extension: theses, testimonials, citations.

Exactly what Sphinx loads (the command line and publication are in
``kbtools``, which this package never imports). Its subpackages follow the
data through a build:

- ``kb.core``: the ``kb`` domain (the single store), nodes, warnings, the
  front-matter schema, the configuration table, French text helpers, and the
  incremental bookkeeping. It imports no feature.
- ``kb.read``: from source to doctree, collecting into the domain.
- ``kb.resolve``: placeholders filled from the whole knowledge base.
- ``kb.write``: pages, files and search index written from the result.

Each feature module has a ``setup_<feature>(app)``; :mod:`kb.extension`
wires them in that order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    # The features are imported here, not when the package is: ``import
    # kb.core.config`` (the command line does) then costs nothing.
    from kb.extension import setup as wire

    return wire(app, __version__)
