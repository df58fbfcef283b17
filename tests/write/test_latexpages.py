"""Each page's part of the LaTeX book kept between builds (kb.write.latexpages):
after any edit, the .tex is the one a build from scratch writes, and the
pages that did not change are taken back, not loaded again."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest

from kb.write.latexpages import PageCache, writer_state
from kb.write.latexstream import StreamingLaTeXBuilder
from tests.helpers import warnings_of

ALPHA = "temoignages/alpha.md"


def _tex(app) -> str:
    return next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")


def _fresh_tex(srcdir: Path, tmp_path: Path, make_app) -> str:
    """The .tex of the same sources, built from scratch elsewhere."""
    copy = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    app = _build(make_app, copy)
    assert warnings_of(app) == ""
    return _tex(app)


def _build(make_app, srcdir: Path, **kwargs):
    app = make_app("latex", srcdir=srcdir, **kwargs)
    app.build()
    app.cleanup()  # unregister its nodes, so that the next app in this test starts clean
    return app


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The pages the LaTeX builder loads and resolves."""
    loaded: list[str] = []
    original = StreamingLaTeXBuilder.load_part

    def load_part(self, part):
        loaded.append(part["docname"])
        original(self, part)

    monkeypatch.setattr(StreamingLaTeXBuilder, "load_part", load_part)
    return loaded


def _edit(srcdir: Path, kind: str) -> None:
    alpha = srcdir / ALPHA
    text = alpha.read_text(encoding="utf-8")
    if kind == "body":  # a sentence away from any citation
        text = text.replace("Première phrase sans citation.", "Première phrase, réécrite, sans citation.")
    elif kind == "citation":  # « Cité dans » of two theses changes
        text = text.replace("comme le dit la {these}`22`", "comme le dit la {these}`95`")
    elif kind == "title":
        text = text.replace("# Témoignage synthétique alpha", "# Témoignage synthétique alpha, retitré")
    elif kind == "add":
        (srcdir / "temoignages/gamma.md").write_text(
            text.replace("T-901", "T-903").replace("alpha", "gamma"), encoding="utf-8")
    elif kind == "delete":
        (srcdir / "temoignages/beta.md").unlink()
    alpha.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", ["body", "citation", "title", "add", "delete"])
def test_after_an_edit_the_tex_is_the_one_written_from_scratch(kind, copy_root, make_app, tmp_path, loads):
    srcdir = copy_root("kb")
    first = _build(make_app, srcdir)
    assert warnings_of(first) == ""
    _edit(srcdir, kind)
    loads.clear()
    again = _build(make_app, srcdir)
    assert warnings_of(again) == ""
    tex, loaded = _tex(again), list(loads)
    assert tex == _fresh_tex(srcdir, tmp_path, make_app)
    if kind == "body":
        assert "Première phrase, réécrite, sans citation." in tex
        # Only the edited page and the page that includes the testimonials were written again.
        assert loaded == ["temoignages/index", "temoignages/alpha"]
    if kind == "citation":
        assert "theses" in loaded and "temoignages/beta" not in loaded  # « Cité dans » changed


def test_an_unchanged_book_is_taken_back_whole(copy_root, make_app, loads):
    srcdir = copy_root("kb")
    first = _build(make_app, srcdir)
    written = _tex(first)
    leaves = [doc for doc in loads if doc not in {"temoignages/index"}]
    assert "temoignages/alpha" in leaves and "glossaire" in leaves
    loads.clear()
    again = _build(make_app, srcdir)
    assert _tex(again) == written
    assert loads == ["temoignages/index"]  # it includes the testimonials: always written
    assert f"Pages reprises de la construction précédente : {len(leaves)} sur {len(leaves)}" in again.status.getvalue()


def test_without_the_cache_every_page_is_written(copy_root, make_app, loads):
    srcdir = copy_root("kb")
    for _ in range(2):
        loads.clear()
        app = _build(make_app, srcdir, confoverrides={"kb_latex_page_cache": False})
    assert "temoignages/alpha" in loads and "glossaire" in loads
    assert not list(Path(app.doctreedir).glob("kb-latex-*.pickle"))


def test_a_page_that_warned_is_written_again(copy_root, make_app):
    """A strict build must fail again: the page is not kept, so its warning comes back."""
    srcdir = copy_root("kb")
    alpha = srcdir / ALPHA
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nVoir {ref}`ancre-qui-n-existe-pas`.\n",
                     encoding="utf-8")
    for _ in range(2):
        app = _build(make_app, srcdir)
        assert "ancre-qui-n-existe-pas" in warnings_of(app)


def test_the_writer_state_is_compared_not_assumed(copy_root, make_app, monkeypatch):
    """A page entered with another writer state (here an abbreviation already
    explained by a page before it) is not taken back."""
    entered = {}
    original = PageCache.enter

    def enter(self, translator, node):
        entered[node["docname"]] = (self, translator, copy.deepcopy(writer_state(translator)),
                                    dict(self.builder.images))
        return original(self, translator, node)

    monkeypatch.setattr(PageCache, "enter", enter)
    _build(make_app, copy_root("kb"))
    cache, translator, state, images = entered["temoignages/alpha"]
    cache.builder.images = images  # as the writer entered the page
    assert state is not None and "sectionlevel" in state and "handled_abbrs" in state
    assert not {"body", "builder", "context"} & set(state)
    kept = cache.stored["temoignages/alpha"].key
    assert cache._key("temoignages/alpha", state) == kept
    assert cache._key("temoignages/alpha", {**state, "handled_abbrs": {"PDF"}}) != kept
    assert cache._key("temoignages/alpha", {**state, "sectionlevel": state["sectionlevel"] + 1}) != kept
    assert re.fullmatch(r"[0-9a-f]{32}", kept)
    translator.pending_footnotes.append(object())  # not plain data: the page can be neither kept nor taken
    assert writer_state(translator) is None
