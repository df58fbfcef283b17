"""Fixtures of the authoring tests: a small knowledge base, and the command
line run in this process (pandoc still runs as its own process)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.authoring.helpers import despace, small_base


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return small_base(tmp_path / "base")


@pytest.fixture
def kb(base: Path, capsys: pytest.CaptureFixture) -> Callable[..., tuple[int, str, str]]:
    """``python -m kb --source BASE …`` → (status, stdout, stderr), with the
    no-break spaces of French typography read as spaces (test_messages checks them)."""
    from kbtools.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            status = main(["--source", str(base), *[str(a) for a in args]])
        except SystemExit as exit_:  # argparse's own errors
            status = exit_.code
        out, err = capsys.readouterr()
        return status, despace(out), despace(err)

    return run
