"""Shared fixtures: Sphinx's test apps on tiny roots, and the real site built once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import PDF_NAME, ROOT, ROOTS

pytest_plugins = ("sphinx.testing.fixtures",)


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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build both editions with the strict settings (-W -n): zero warnings or failure."""
    build_dir = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "kb", "--build-dir", str(build_dir), "build"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stderr == ""  # quiet: nothing but problems, and there are none
    return build_dir


@pytest.fixture(scope="session")
def html(site: Path) -> Path:
    return site / "html"


@pytest.fixture(scope="session")
def pdf(site: Path) -> Path:
    return site / "pdf" / PDF_NAME


@pytest.fixture(scope="session")
def base_url(html: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1."""
    from kbtools.browser import serve

    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from kbtools.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
