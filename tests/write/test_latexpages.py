"""Each page's part of the LaTeX book kept between builds (kb.write.latexpages):
after any edit, the .tex is the one a build from scratch writes, and the
pages that did not change are taken back, not loaded again."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import generate
from kb.write import latexpages
from kb.write.latexpages import PageCache, writer_state
from kb.write.latexstream import StreamingLaTeXBuilder
from tests.helpers import ROOT, warnings_of

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
    assert (f"Pages reprises de la construction précédente : {len(leaves)} ; écrites par un second "
            f"processus : 0 ; sur {len(leaves)} gardées.") in again.status.getvalue()


def test_another_version_of_an_extension_writes_every_page_again(copy_root, make_app, loads, monkeypatch):
    """Its visitors may write its nodes otherwise (the doctrees stay as they were)."""
    from sphinx.extension import Extension

    srcdir = copy_root("kb")
    _build(make_app, srcdir)
    loads.clear()
    original = Extension.__init__

    def newer(self, name, module, **kwargs):
        original(self, name, module, **kwargs)
        if name == "sphinx_design":
            self.version = "99.0"

    monkeypatch.setattr(Extension, "__init__", newer)
    again = _build(make_app, srcdir)
    assert "temoignages/alpha" in loads and "glossaire" in loads
    assert "Pages reprises de la construction précédente : 0 ;" in again.status.getvalue()


def test_new_translations_write_every_page_again(copy_root, make_app, loads):
    """The words the writer adds come from the catalogs, which do not make Sphinx read the pages again."""
    srcdir = copy_root("kb")
    catalog = srcdir / "locale/fr/LC_MESSAGES/sphinx.mo"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b"version 1")
    _build(make_app, srcdir, confoverrides={"locale_dirs": ["locale"]})
    loads.clear()
    catalog.write_bytes(b"version 2")
    again = _build(make_app, srcdir, confoverrides={"locale_dirs": ["locale"]})
    assert "temoignages/alpha" in loads and "glossaire" in loads
    assert "Pages reprises de la construction précédente : 0 ;" in again.status.getvalue()


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


# --- two processes (-j 2) -----------------------------------------------------------


def _serial_and_parallel(srcdir: Path, tmp_path: Path, make_app, monkeypatch):
    """The .tex of *srcdir* written by one process and, from a copy, by two
    (every page shared out, however few); the parallel app, and the pages
    whose part the writer took from the other process."""
    monkeypatch.setattr(latexpages, "PARALLEL_MIN", 1)
    taken: list[str] = []
    statuses: list[int | None] = []
    collect = PageCache.collect

    def collect_and_note(self):
        worker = self.worker
        collect(self)
        taken.extend(self.from_worker)
        if worker is not None:
            statuses.append(worker.status)

    monkeypatch.setattr(PageCache, "collect", collect_and_note)
    copy = tmp_path / "parallel"
    shutil.copytree(srcdir, copy)
    serial = _build(make_app, srcdir, parallel=1)
    assert taken == []
    parallel = _build(make_app, copy, parallel=2)
    assert statuses == [0]  # the other process ran, and stopped where it must
    return _tex(serial), _tex(parallel), parallel, taken


def test_two_processes_write_the_same_tex(copy_root, make_app, tmp_path, monkeypatch):
    serial, parallel, app, taken = _serial_and_parallel(copy_root("kb"), tmp_path, make_app, monkeypatch)
    assert warnings_of(app) == ""
    assert parallel == serial
    # One page in two came from the other process (the first is the writer's).
    assert "temoignages/beta" in taken and "temoignages/alpha" not in taken
    assert f"écrites par un second processus : {len(taken)} ;" in app.status.getvalue()


def test_a_part_made_from_another_state_is_not_used(copy_root, make_app, tmp_path, monkeypatch):
    """The first testimonial explains an abbreviation: the second is entered
    in another state than the other process assumed; its part is not taken
    (the pages after it are: both processes have explained it by then)."""
    srcdir = copy_root("kb")
    for name, text in (("alpha", "Le {abbr}`PDF (format de document portable)` circule."),
                       ("beta", "Le {abbr}`PDF (format de document portable)` circule aussi.")):
        page = srcdir / f"temoignages/{name}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    serial, parallel, _, taken = _serial_and_parallel(srcdir, tmp_path, make_app, monkeypatch)
    assert parallel == serial
    assert parallel.count("format de document portable") == 1  # explained once, where it first appears
    assert "temoignages/beta" not in taken and taken


def test_a_warning_in_the_other_process_is_shown_once(copy_root, make_app, tmp_path, monkeypatch):
    srcdir = copy_root("kb")
    beta = srcdir / "temoignages/beta.md"  # one of the other process's pages
    beta.write_text(beta.read_text(encoding="utf-8") + "\nVoir {ref}`ancre-absente-de-beta`.\n",
                    encoding="utf-8")
    serial, parallel, app, taken = _serial_and_parallel(srcdir, tmp_path, make_app, monkeypatch)
    assert parallel == serial
    assert warnings_of(app).count("ancre-absente-de-beta") == 1
    assert "temoignages/beta" not in taken and taken


def test_a_failure_in_the_other_process_stays_there(copy_root, make_app, tmp_path, monkeypatch):
    """The other process fails on one of its pages: the writer translates
    what it did not send, and the other process never goes on with the
    build (nor with whatever called it: here, this test)."""
    writer = os.getpid()
    after = tmp_path / "after-the-build.txt"
    load_part = StreamingLaTeXBuilder.load_part

    def failing(self, part):
        if os.getpid() != writer and part["docname"] == "temoignages/beta":
            raise RuntimeError("panne simulée")
        load_part(self, part)

    monkeypatch.setattr(StreamingLaTeXBuilder, "load_part", failing)
    serial, parallel, app, taken = _serial_and_parallel(copy_root("kb"), tmp_path, make_app, monkeypatch)
    with after.open("a") as file:
        file.write(f"{os.getpid()}\n")
    assert after.read_text().split() == [str(writer)]
    assert parallel == serial
    assert warnings_of(app) == "" and "temoignages/beta" not in taken


def test_a_new_output_folder_gets_what_the_pages_wrote_there(copy_root, make_app):
    """Resolving the map page writes its picture beside the .tex: with the
    output folder emptied (the parts are kept with the doctrees), that page
    is written again, and its picture with it."""
    srcdir = copy_root("kb")
    first = _build(make_app, srcdir)
    files = sorted(p.name for p in Path(first.outdir).iterdir())
    assert any(name.startswith("kb-carte") and name.endswith(".pdf") for name in files)
    tex = _tex(first)
    shutil.rmtree(first.outdir)
    again = _build(make_app, srcdir)
    assert sorted(p.name for p in Path(again.outdir).iterdir()) == files
    assert _tex(again) == tex
    assert "Pages reprises de la construction précédente : 0 ;" not in again.status.getvalue()


def test_a_whole_synthetic_book_is_the_same_from_two_processes(tmp_path):
    """The real site's configuration and pages of every kind (catalog, theses
    with « Cité dans », glossary, citation map, authors), 60 synthetic
    testimonials: the threshold is not lowered, and the two processes write
    the .tex a single one writes."""
    source = generate(tmp_path / "src", 60)
    texts, logs = [], []
    for jobs in ("1", "2"):
        out = tmp_path / f"latex-{jobs}"
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "latex", "-j", jobs, "-W", "-d", str(tmp_path / f"dt-{jobs}"),
             str(source), str(out)],
            env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{source}"}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
        texts.append(next(out.glob("*.tex")).read_text(encoding="utf-8"))
        logs.append(result.stdout)
    assert texts[0] == texts[1]
    assert "écrites par un second processus : 0 ;" in logs[0]
    taken = int(re.search(r"écrites par un second processus : (\d+) ;", logs[1])[1])
    assert taken >= 30  # one in two of the 60 testimonials and the pages after them
