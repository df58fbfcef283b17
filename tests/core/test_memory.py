"""The collector's settings during a build (kb.core.memory): raised for the
build, frozen after reading, and given back when the build finishes."""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

from kb.core import memory
from tests.helpers import ROOT, ROOTS, warnings_of


@pytest.fixture
def python_defaults():
    before = gc.get_threshold()
    gc.unfreeze()
    yield before
    gc.unfreeze()
    gc.set_threshold(*before)


def watch(app, seen: dict) -> None:
    """Record the collector's state after kb's handlers of each event."""
    app.connect("doctree-read", lambda app, doctree: seen.setdefault("reading", gc.get_threshold()),
                priority=950)

    def after_reading(app, env):
        seen["frozen after reading"] = gc.get_freeze_count()
        return []

    app.connect("env-updated", after_reading, priority=950)


def test_the_build_collects_less_often_then_gives_python_its_settings_back(copy_root, make_app,
                                                                          python_defaults):
    app = make_app("html", srcdir=copy_root("kb"))
    seen: dict = {}
    watch(app, seen)
    app.build()
    assert warnings_of(app) == ""
    assert seen["reading"][0] == memory.YOUNG_THRESHOLD != python_defaults[0]
    assert seen["reading"][1:] == python_defaults[1:]
    # What lives after reading (the environment, the cached doctrees) is frozen...
    assert seen["frozen after reading"] > 10_000
    # ...until the build is over.
    assert gc.get_threshold() == python_defaults
    assert gc.get_freeze_count() == 0


def test_the_previous_environment_is_loaded_with_the_raised_threshold(copy_root, make_app, python_defaults,
                                                                     monkeypatch):
    """An incremental build: Sphinx unpickles the last build's environment while
    the application starts; with Python's threshold, its objects set off full
    collections over everything imported."""
    source = copy_root("kb")
    make_app("html", srcdir=source).build()
    assert gc.get_threshold() == python_defaults
    import sphinx.application

    seen = []

    def load(file):
        seen.append(gc.get_threshold())
        return pickle.load(file)

    monkeypatch.setattr(sphinx.application, "pickle", SimpleNamespace(load=load))
    app = make_app("html", srcdir=source)
    assert len(seen) == 1 and len(app.env.all_docs) > 5  # the environment was loaded, not made anew
    assert seen[0][0] == memory.YOUNG_THRESHOLD
    monkeypatch.undo()
    app.build()
    assert gc.get_threshold() == python_defaults


def test_tuning_can_be_turned_off(copy_root, make_app, python_defaults):
    app = make_app("html", srcdir=copy_root("kb"), confoverrides={"kb_gc_tuning": False})
    seen: dict = {}
    watch(app, seen)
    app.build()
    assert seen["reading"] == python_defaults
    assert seen["frozen after reading"] == 0


def test_a_failed_build_still_gives_the_settings_back(copy_root, make_app, python_defaults):
    app = make_app("html", srcdir=copy_root("kb"))

    def fail(app, env):
        raise RuntimeError("simulated failure while writing")

    app.connect("env-updated", fail, priority=999)
    with pytest.raises(Exception, match="simulated failure"):
        app.build()
    assert gc.get_threshold() == python_defaults
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("builder", "streaming", "collecting"),
                         [("latex", False, False), ("latex", True, True), ("html", True, True)])
def test_one_book_is_written_without_collections_then_the_collector_is_back(builder, streaming, collecting,
                                                                            copy_root, make_app,
                                                                            python_defaults):
    """Sphinx's LaTeX builder assembles one tree, not walked again and again while
    it grows; written page by page (kb's LaTeX builder, HTML), pages leave their
    garbage to the collector."""
    app = make_app(builder, srcdir=copy_root("kb"), confoverrides={"kb_latex_streaming": streaming})
    seen: list[bool] = []
    app.connect("doctree-resolved", lambda app, doctree, docname: seen.append(gc.isenabled()))
    app.build()
    assert warnings_of(app) == ""
    assert seen and set(seen) == {collecting}
    assert gc.isenabled()


def test_the_process_ends_without_walking_what_the_build_left(tmp_path):
    """At exit, kb's handler freezes what is alive (Python's last collections skip it).
    A handler registered before the build runs after kb's (atexit is last in, first out)."""
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", source)
    script = f"""
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
from sphinx.application import Sphinx
app = Sphinx({str(source)!r}, {str(source)!r}, {str(tmp_path / 'out')!r}, {str(tmp_path / 'dt')!r},
             "html", status=None, warning=sys.stderr, freshenv=True)
app.build()
print("frozen after the build:", gc.get_freeze_count())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    lines = dict(line.split(": ") for line in result.stdout.splitlines() if ": " in line)
    assert lines["frozen after the build"] == "0"  # unfrozen: a longer process collects it
    assert int(lines["frozen at exit"]) > 10_000


def tracked_in_a_forked_child() -> int:
    """How many objects the collector would walk in a process forked now."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's exit handlers
        os.write(writer, str(len(gc.get_objects())).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        count = int(pipe.read())
    os.waitpid(pid, 0)
    return count


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_process_forked_during_a_build_does_not_walk_what_it_inherits(python_defaults):
    """A reader or writer of -j is a fork of the main process: what it inherits (the
    environment, the doctrees the main process resolved) is not its garbage, and a
    full collection there walked it all, copying the pages it touched (at 3,000
    testimonials, 20 s of a 37 s build). Outside a build, a fork collects as usual."""
    inherited = [{"object": i} for i in range(20_000)]  # tracked by the collector
    app = SimpleNamespace(config=SimpleNamespace(kb_gc_tuning=True))
    memory.start(app, None)
    try:
        during = tracked_in_a_forked_child()
    finally:
        memory.finish(app, None)
    after = tracked_in_a_forked_child()
    assert during < 5_000 < len(inherited) <= after
