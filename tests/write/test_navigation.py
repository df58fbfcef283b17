"""The sidebar's navigation (kb.write.navigation): its top level, built directly."""

from __future__ import annotations

from sphinx.environment.adapters import toctree as toctree_adapter

from tests.helpers import warnings_of


def test_the_404_page_does_not_build_the_whole_tree(copy_root, make_app, monkeypatch):
    """sphinx-notfound-page gives the 404 page a toctree of every page (which
    the theme walks on every build, though the page shows no tree): kb's
    navigation replaces it, as on every other page."""
    wanted: list[str] = []
    original = toctree_adapter.global_toctree_for_doc

    def counting(env, docname, *args, **kwargs):
        wanted.append(docname)
        return original(env, docname, *args, **kwargs)

    monkeypatch.setattr(toctree_adapter, "global_toctree_for_doc", counting)
    app = make_app("html", srcdir=copy_root("kb"), confoverrides={"extensions": ["kb", "notfound.extension"],
                                                                  "html_theme": "furo"})
    app.build()
    assert warnings_of(app) == ""
    assert (app.outdir / "404.html").is_file()
    assert "404" not in wanted
