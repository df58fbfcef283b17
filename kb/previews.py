"""Hover and focus previews of thesis and glossary references.

The data (each thesis's title and summary, each term's definition) is
written at the end of the HTML build as a small script, so it works from a
web server and from ``file://`` alike, and no request leaves the site. The
links work without JavaScript; the previews are an enhancement.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from kb.graph import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
DATA_FILE = "kb-apercus-donnees.js"


def preview_data(app: Sphinx) -> dict[str, dict[str, str]]:
    domain = domain_of(app.env)
    data = {t["anchor"]: {"t": f"Thèse {n} — {t['title']}", "d": t["summary"]}
            for n, t in domain.theses.items()}
    for term in domain.terms.values():
        if term["anchor"]:
            data[term["anchor"]] = {"t": term["term"], "d": term["definition"]}
    return dict(sorted(data.items()))


def write_assets(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the preview script, its style and its data."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, static / asset.name)
    payload = json.dumps(preview_data(app), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (static / DATA_FILE).write_text(f"window.kbApercus = {payload};\n", encoding="utf-8")


def setup_previews(app: Sphinx) -> None:
    app.add_js_file(DATA_FILE, loading_method="defer")
    app.add_js_file("kb-apercus.js", loading_method="defer")
    app.add_css_file("kb-apercus.css")
    app.connect("build-finished", write_assets)
