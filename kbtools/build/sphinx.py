"""Running Sphinx strictly, with reproducible dates."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kb.core.french import plural
from kbtools.build.layout import BuildFailed, Layout

SPHINX_STRICT = ["-W", "--keep-going", "-n"]


# A Sphinx warning or error: « /path/file.md:12: WARNING: message [kb.subtype] ».
PROBLEM = re.compile(r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<message>.*)$")


def problems(log: str, source: Path) -> list[str]:
    """The problems in Sphinx's *log*, as ``file:line: message`` with paths relative to *source*."""
    found = []
    prefix = str(source) + os.sep
    for line in log.splitlines():
        match = PROBLEM.match(line.strip())
        if not match:
            continue
        location = (match["location"] or "").removeprefix(prefix).rstrip(":")  # « path: » names no line
        found.append(f"{location}: {match['message']}" if location else match["message"])
    return found


SUBTYPE = re.compile(r" \[[a-z]+\.[a-z-]+\]$")  # « [kb.front-matter] » at the end of a warning


def run_step(name: str, command: list[str], layout: Layout, *, env: dict[str, str],
             reported: frozenset[str] = frozenset()) -> list[str]:
    """Run one step of the build; return the problems it reported.

    Quiet (the default): the full log goes to ``logs/<name>.log`` and only the
    problems are printed (but those in *reported*, already printed by a check
    that ran before). Verbose: every line, as the tool prints it.
    """
    if layout.verbose:
        print("$", " ".join(str(c) for c in command), flush=True)
        result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True)
        sys.stderr.write(result.stderr)
        found = problems(result.stderr, layout.source)
        log = None
    else:
        layout.logs.mkdir(parents=True, exist_ok=True)
        log = layout.logs / f"{name}.log"
        with log.open("w", encoding="utf-8") as out:
            out.write("$ " + " ".join(str(c) for c in command) + "\n")
            out.flush()
            quiet = [*command[:3], "--no-color", *command[3:]]  # python -m sphinx --no-color …
            result = subprocess.run(quiet, env=env, stdout=out, stderr=subprocess.PIPE, text=True)
            out.write(result.stderr)
        found = problems(result.stderr, layout.source)
        for line in found:
            if SUBTYPE.sub("", line) not in reported:
                print(line, file=sys.stderr)
    if result.returncode != 0:
        where = f" ; journal complet : {log}" if log else ""
        if not found and log:  # a crash rather than a warning: show its end
            sys.stderr.write("\n".join(result.stderr.splitlines()[-15:]) + "\n")
        raise BuildFailed(f"{name} a échoué ({plural(len(found), 'problème')}){where}")
    return found


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


def sphinx(layout: Layout, builder: str, *, jobs: str = "auto", fresh: bool = False,
           reported: frozenset[str] = frozenset()) -> list[str]:
    """Run Sphinx's *builder* strictly; return the problems (none, since warnings are errors)."""
    env = reproducible_env(layout.source)
    command = [sys.executable, "-m", "sphinx", "-b", builder, *SPHINX_STRICT, "-j", jobs,
               "-d", str(layout.doctrees), str(layout.source), str(layout.work / builder)]
    if fresh:
        command.insert(3, "-E")
    try:
        return run_step(f"sphinx-{builder}", command, layout, env=env, reported=reported)
    except BuildFailed:
        # Warnings are only reported for pages that are read again: forget the
        # environment so that the next build reads, and reports, everything.
        (layout.doctrees / "environment.pickle").unlink(missing_ok=True)
        raise
