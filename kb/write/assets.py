"""The extension's browser assets: the files of ``kb/static`` and the data
scripts written from the environment.

Data travels as small scripts (``window.name = {...};``) rather than JSON
fetched at run time, so it also works from ``file://``, and no request
leaves the site.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import _assets

from kb.core.editions import is_web

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent.parent / "static"  # kb/static


def write_data_script(app: Sphinx, filename: str, variable: str, data: Any) -> None:
    """Write ``_static/<filename>``, which sets ``window.<variable>`` to *data*."""
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (static / filename).write_text(f"window.{variable} = {payload};\n", encoding="utf-8")


def copy_static(app: Sphinx, builder: object) -> None:
    """``write-started``: the scripts and styles of ``kb/static``.

    Before the pages are written, as Sphinx copies its own assets: a page
    links each asset with its checksum (``kb.js?v=…``), which Sphinx reads
    from the output folder. Copied after the pages (at ``build-finished``),
    a build into a fresh folder linked them without it, and a reader's
    browser could keep an old script after an update.
    """
    if not is_web(app):
        return
    # Sphinx caches each file's checksum for the life of the process: a second
    # build in the same process (sphinx-autobuild, the tests) would link the
    # data scripts with the first build's checksum.
    cached = getattr(_assets, "_file_checksum_inner", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, static / asset.name)


def setup_assets(app: Sphinx) -> None:
    app.connect("write-started", copy_static)
