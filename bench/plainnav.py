"""Plain Sphinx + MyST + Furo with only the knowledge base's navigation fix.

Furo renders the whole toctree on every page, which makes plain Sphinx
quadratic in the number of pages; the engine ships a depth-1 navigation
(``kb.write.navigation``). This benchmark-only extension puts that fix alone on
the plain pages, so that ``engine / plain+nav`` is the cost of the
cross-reference engine itself, with the quadratic navigation out of both.
"""

from __future__ import annotations

from typing import Any

from kb.write.navigation import limit_toctree_depth


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("kb_navigation_depth", 1, "html", types=(int,))
    app.connect("html-page-context", limit_toctree_depth, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
