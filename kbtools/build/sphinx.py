"""Running Sphinx strictly, with reproducible dates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kbtools.build.layout import BuildFailed, Layout

SPHINX_STRICT = ["-W", "--keep-going", "-n"]


def _run(command: list[str], *, env: dict[str, str] | None = None, quiet: bool = False) -> None:
    print("$", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL if quiet else None)
    if result.returncode != 0:
        raise BuildFailed(f"{command[0]} … a échoué (code {result.returncode})")


def reproducible_env(source: Path) -> dict[str, str]:
    """The environment of the builds: dates fixed by SOURCE_DATE_EPOCH.

    Unless the caller sets it, it is the time of the last commit, so that two
    builds of the same sources give the same bytes (the PDF's dates included).
    """
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=source, capture_output=True,
                                   text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            stamp = ""
        if stamp:
            env["SOURCE_DATE_EPOCH"] = stamp
    return env


def sphinx(layout: Layout, builder: str, *, jobs: str = "auto", fresh: bool = False) -> None:
    env = reproducible_env(layout.source)
    command = [sys.executable, "-m", "sphinx", "-b", builder, *SPHINX_STRICT, "-j", jobs,
               "-d", str(layout.doctrees), str(layout.source), str(layout.work / builder)]
    if fresh:
        command.insert(3, "-E")
    try:
        _run(command, env=env)
    except BuildFailed:
        # Warnings are only reported for pages that are read again: forget the
        # environment so that the next build reads, and reports, everything.
        (layout.doctrees / "environment.pickle").unlink(missing_ok=True)
        raise
