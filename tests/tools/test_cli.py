"""The command line, as an author meets it: quiet by default (the problems as
``file:line: message`` and a summary, the full log in a file), everything
with --verbose."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers.site import copy_site_sources

BROKEN = """---
identifiant: T-050
auteur: Personne Synthétique
date: 2024-13
---

# Un témoignage synthétique à corriger

Ce texte cite la {these}`99` et le {term}`zorglub`.
"""


def kb(source: Path, build: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build), *args],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    source = copy_site_sources(ROOT, tmp_path_factory.mktemp("cli") / "src")
    (source / "temoignages" / "a-corriger.md").write_text(BROKEN, encoding="utf-8")
    return source


def test_check_prints_only_the_problems_and_a_summary(broken: Path, tmp_path: Path):
    result = kb(broken, tmp_path / "build", "check")
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    problems = [line for line in lines if line.startswith("temoignages/a-corriger.md:")]
    assert [p.split(":")[1] for p in problems] == ["4", "9", "9"]  # each problem once, with its line
    assert "« 2024-13 » n’est pas une date valide" in problems[0]
    assert "numéro de thèse invalide : « 99 »" in problems[1] and "« zorglub »" in problems[2]
    others = [line for line in lines if line not in problems]
    assert others == ["En-têtes : 1 problème.",
                      f"Construction stricte : échec, sphinx-html a échoué (3 problèmes) ; journal complet : "
                      f"{tmp_path / 'build' / 'check' / 'logs' / 'sphinx-html.log'}."]
    log = (tmp_path / "build" / "check" / "logs" / "sphinx-html.log").read_text()
    assert "myst_" in log or "Running Sphinx" in log  # the whole log, configuration and all, is there


def test_verbose_prints_sphinx_s_log(broken: Path, tmp_path: Path):
    result = kb(broken, tmp_path / "build", "--verbose", "check")
    assert result.returncode == 1
    assert re.search(r"Running Sphinx v\d", result.stdout)
    assert "a-corriger.md:9: WARNING: numéro de thèse invalide" in result.stderr


def test_check_of_the_real_site_says_two_lines(tmp_path: Path):
    result = kb(ROOT, tmp_path / "build", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["En-têtes : tout est en ordre.", "Construction stricte : aucun problème."]
    assert result.stderr == ""
