"""The LaTeX book written page by page (kb.write.latexstream): the same .tex as
Sphinx's builder, with one page in memory at a time."""

from __future__ import annotations

from sphinx import addnodes

from kb.write.latexstream import StreamingLaTeXBuilder
from tests.helpers import warnings_of


def test_the_tex_is_the_one_sphinx_writes(copy_root, make_app):
    app = make_app("latex", srcdir=copy_root("kb"))
    assert isinstance(app.builder, StreamingLaTeXBuilder)
    texts = {}
    for streaming in (True, False):
        app.config.kb_latex_streaming = streaming
        app.build(force_all=True)
        assert warnings_of(app) == ""
        texts[streaming] = next(app.outdir.glob("*.tex")).read_text()
    assert r"\section{Témoignage synthétique alpha}" in texts[True]
    assert texts[True] == texts[False]


def test_one_page_at_a_time(copy_root, make_app, monkeypatch):
    """While a page is written, the pages written before it hold no nodes any more."""
    loaded: list[tuple[str, list[str]]] = []
    original = StreamingLaTeXBuilder.load_part

    def load_part(self, part):
        root = part
        while root.parent is not None:
            root = root.parent
        alive = [p["docname"] for p in root.findall(addnodes.start_of_file) if len(p)]
        loaded.append((part["docname"], alive))
        original(self, part)

    monkeypatch.setattr(StreamingLaTeXBuilder, "load_part", load_part)
    app = make_app("latex", srcdir=copy_root("kb"))
    app.build()
    assert warnings_of(app) == ""
    docnames = [docname for docname, _ in loaded]
    assert "temoignages/alpha" in docnames and "temoignages/beta" in docnames
    for docname, alive in loaded:
        # Only the pages that enclose it (the catalog encloses the testimonials).
        assert alive == ([] if docname.count("/") == 0 or docname == "temoignages/index" else ["temoignages/index"])
