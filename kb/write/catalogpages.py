"""The catalog's pages 2, 3… (``temoignages/catalogue/2.html``…).

The catalog page shows the newest ``kb_catalog_page_size`` cards; the
others are on pages generated here (``html-collect-pages``), each with the
same cards and the same pager, so that no page of the site grows with the
number of testimonials. Like the facet pages, a page is rendered through the
theme only when its content changed, and removed when it is no longer needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kb.core.editions import is_web
from kb.core.french import number
from kb.core.incremental import cross_page_data_unchanged
from kb.core.manifest import OutputManifest
from kb.core.version import code_version
from kb.resolve.catalog import card_grid, catalog_page, catalog_pages, page_items, pager

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-catalogue.json"


def pages(app: Sphinx) -> dict[str, tuple[str, str]]:
    """Every page of the catalog but the first: pagename -> (title, body HTML)."""
    total = catalog_pages(app)
    result = {}
    for page in range(2, total + 1):
        pagename = catalog_page(app, page)
        title = f"Témoignages — page {number(page)} sur {number(total)}"
        body = "".join(app.builder.render_partial(node)["fragment"]
                       for node in (card_grid(app, pagename, page_items(app, page)), pager(app, pagename, page)))
        result[pagename] = (title, f'<section><h1>{title}</h1><div class="kb-catalogue">{body}</div></section>')
    return result


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the catalog's pages whose content changed."""
    if not is_web(app):
        return
    env = app.env
    manifest = OutputManifest(app.outdir, MANIFEST, app.builder.out_suffix)
    if cross_page_data_unchanged(env) and (manifest.all_present() or catalog_pages(app) == 1):
        return  # nothing a catalog page shows has changed
    generated = pages(app)
    top = [env.titles[d].astext() for d in env.toctree_includes.get(env.config.root_doc, []) if d in env.titles]
    build_info = getattr(app.builder, "build_info", None)
    config = (build_info.config_hash, build_info.tags_hash, code_version()) if build_info else ()
    fingerprints = {name: hashlib.sha256(repr((title, body, top, config)).encode()).hexdigest()
                    for name, (title, body) in generated.items()}
    for name in manifest.update(fingerprints):
        title, body = generated[name]
        yield name, {"title": title, "body": body, "kb_facet": True}, "page.html"


def setup_catalogpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
