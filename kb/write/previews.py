"""Hover and focus previews of thesis and glossary references.

The data (each thesis's title and summary, each term's definition) is
written at the end of the HTML build as a small script, so it works from a
web server and from ``file://`` alike, and no request leaves the site. The
links work without JavaScript; the previews are an enhancement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.core.domain import domain_of
from kb.core.editions import add_web_assets, is_web
from kb.write.assets import write_data_script

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DATA_FILE = "kb-apercus-donnees.js"


def preview_data(app: Sphinx) -> dict[str, dict[str, str]]:
    domain = domain_of(app.env)
    data = {t["anchor"]: {"t": f"Thèse {n} — {t['title']}", "d": t["summary"]}
            for n, t in domain.theses.items()}
    for term in domain.terms.values():
        if term["anchor"]:
            data[term["anchor"]] = {"t": term["term"], "d": term["definition"]}
    return dict(sorted(data.items()))


def write_data(app: Sphinx, builder: object) -> None:
    """``write-started``: the previews' data (before the pages that link it
    with its checksum; the environment is complete once reading is done)."""
    if is_web(app):
        write_data_script(app, DATA_FILE, "kbApercus", preview_data(app))


def setup_previews(app: Sphinx) -> None:
    add_web_assets(app, scripts=(DATA_FILE, "kb-apercus.js"), styles=("kb-apercus.css",))
    app.connect("write-started", write_data)
