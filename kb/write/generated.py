"""Pages the extension generates (facet pages, the catalog's pages 2…), written
through the theme only when their content changed.

Rendering a page through the theme is the costly part of writing it, so each
generated page is fingerprinted (its title and body, the navigation's titles
that every page shows, the configuration and the extension's code) in a
manifest beside the output; an unchanged page is left as it is, and a page
that is no longer generated is deleted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from kb.core.incremental import cross_page_data_unchanged
from kb.core.manifest import OutputManifest
from kb.core.version import code_version

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Pages = dict[str, tuple[str, str]]  # pagename -> (title, body HTML)


def changed_pages(app: Sphinx, manifest_name: str, generate: Callable[[], Pages],
                  *, none_expected: bool = False) -> Iterator[tuple[str, dict[str, Any], str]]:
    """For ``html-collect-pages``: the generated pages whose content changed.

    *generate* is called only when the pages read in this build changed what
    other pages show (or a page is missing); *none_expected* says that no page
    is to be generated at all."""
    env = app.env
    manifest = OutputManifest(app.outdir, manifest_name, app.builder.out_suffix)
    # A change of configuration (theme, options such as a page size) makes
    # Sphinx rewrite every page without reading any: these too; and the
    # extension's code renders them.
    build_info = getattr(app.builder, "build_info", None)
    config = (build_info.config_hash, build_info.tags_hash, code_version()) if build_info else ()
    stamp = hashlib.sha256(repr(config).encode()).hexdigest()
    if cross_page_data_unchanged(env) and manifest.stamp == stamp and (manifest.all_present() or none_expected):
        return
    pages = generate()
    # The theme's navigation shows the top-level titles: part of every page.
    top = [env.titles[d].astext() for d in env.toctree_includes.get(env.config.root_doc, []) if d in env.titles]
    fingerprints = {name: hashlib.sha256(repr((title, body, top, config)).encode()).hexdigest()
                    for name, (title, body) in pages.items()}
    for name in manifest.update(fingerprints, stamp=stamp):
        title, body = pages[name]
        yield name, {"title": title, "body": body, "kb_generated": True}, "page.html"
