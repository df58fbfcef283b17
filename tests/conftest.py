"""Shared fixtures: Sphinx's test apps on tiny roots, and the real site built once."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/roots/test-<name>`` to a temporary folder, for tests that edit sources."""

    def copy(name: str) -> Path:
        destination = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", destination)
        return destination

    return copy


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp]) -> Callable[..., SphinxTestApp]:
    """Build *srcdir* with *builder*; return the app (warnings in ``app.warning``)."""

    def run(srcdir: Path, builder: str = "html", **kwargs) -> SphinxTestApp:
        app = make_app(builder, srcdir=srcdir, **kwargs)
        app.build()
        return app

    return run


def warnings_of(app: SphinxTestApp) -> str:
    """The warnings of a build, without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
