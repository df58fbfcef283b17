"""The citation graph as JSON (``donnees/graphe-citations.json``), beside the
HTML pages, for other tools to read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment

from kb.core.config import EXPORT_PATH
from kb.core.domain import domain_of
from kb.core.editions import is_web
from kb.core.graph import glossary_entries
from kb.core.incremental import cross_page_data_unchanged

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def export(env: BuildEnvironment, uri: Any) -> dict[str, Any]:
    """The whole graph, for the JSON export; *uri(docname, anchor)* gives a link."""
    domain = domain_of(env)
    return {
        "version": 1,
        "testimonials": [
            {
                "docname": docname,
                "identifiant": meta.get("identifiant"),
                "title": meta.get("title"),
                "auteur": meta.get("auteur"),
                "role": meta.get("role"),
                "organisation": meta.get("organisation"),
                "date": meta.get("date"),
                "themes": meta.get("themes", []),
                "url": uri(docname, ""),
            }
            for docname, meta in sorted(domain.testimonials.items())
        ],
        "theses": [
            {"number": n, "title": t["title"], "summary": t["summary"], "url": uri(t["docname"], t["anchor"])}
            for n, t in sorted(domain.theses.items())
        ],
        "terms": [
            {"term": e["term"], "synonyms": [t for t in e["terms"] if t != e["term"]],
             "definition": e["definition"], "url": uri(e["docname"], e["anchor"])}
            for e in glossary_entries(env).values()
        ],
        "citations": [
            {
                "testimonial": docname,
                "kind": "thesis" if c["kind"] == "these" else "term",
                "target": int(c["target"]) if c["kind"] == "these" else domain.entry_of("term", c["target"]),
                "url": uri(docname, c["anchor"]),
                "line": c["lineno"],
                "excerpt": c["excerpt"],
            }
            for docname in sorted(domain.citations)
            for c in domain.citations[docname]
        ],
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the graph as JSON, beside the HTML pages."""
    if exception is not None or not is_web(app):
        return

    def uri(docname: str, anchor: str) -> str:
        target = app.builder.get_target_uri(docname)
        return f"{target}#{anchor}" if anchor else target

    path = Path(app.outdir, EXPORT_PATH)
    if path.is_file() and cross_page_data_unchanged(app.env):
        return  # the map's inputs are those of the last build, which wrote it
    path.parent.mkdir(parents=True, exist_ok=True)
    # No indent: only the C encoder is fast enough to run on every build.
    path.write_text(json.dumps(export(app.env, uri), ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def setup_export(app: Sphinx) -> None:
    app.connect("build-finished", write_export)
