"""kb's scripts and styles are in the output folder before the pages that link them."""

from __future__ import annotations

import re

from tests.helpers import warnings_of


def kb_assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(?:\.\./)*_static/(kb[^"]*)"', page)


def test_a_fresh_build_links_kb_assets_with_their_checksum(copy_root, make_app):
    """The checksum (``?v=…``) makes browsers fetch a changed script again; Sphinx
    reads it from the output folder, so the asset must be there first."""
    app = make_app("html", srcdir=copy_root("kb"))
    app.build()
    assert warnings_of(app) == ""
    for pagename in ("index.html", "search.html"):
        assets = kb_assets((app.outdir / pagename).read_text(encoding="utf-8"))
        assert assets, pagename
        unversioned = [a for a in assets if not re.search(r"\?v=[0-9a-f]{8}$", a)]
        assert unversioned == [], (pagename, unversioned)
    for data in ("kb-apercus-donnees.js", "kb-recherche-donnees.js"):
        assert (app.outdir / "_static" / data).read_text(encoding="utf-8").startswith("window.")
