"""The collector's settings during a build (kb.core.memory): raised for the
build, frozen after reading, and given back when the build finishes."""

from __future__ import annotations

import gc

import pytest

from kb.core import memory
from tests.helpers import warnings_of


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
