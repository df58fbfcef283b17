"""A Sphinx extension the benchmark adds to count pages read and written."""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    counts = {"read": 0, "written": 0}

    def read(app: Any, env: Any, docnames: list[str]) -> None:
        counts["read"] += len(docnames)

    def written(app: Any, pagename: str, templatename: str, context: Any, doctree: Any) -> None:
        if doctree is not None:
            counts["written"] += 1

    def report(app: Any, exception: Any) -> None:
        print(f"PROBE read={counts['read']} written={counts['written']}", flush=True)

    app.connect("env-before-read-docs", read)
    app.connect("html-page-context", written)
    app.connect("build-finished", report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
