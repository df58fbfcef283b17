"""The GitLab CI file runs the README's commands, the ones the tests run, and
keeps what makes a pipeline's build incremental: the cache holds Sphinx's and
LaTeX's state, and tools/restore-mtimes.py undoes the dates of a fresh clone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from kbtools.build import Layout
from tests.helpers import ROOT, TESTIMONIAL
from tests.helpers.site import copy_site_sources

pytestmark = pytest.mark.deploy
CI = ROOT / ".gitlab-ci.yml"
RESTORE = ROOT / "tools" / "restore-mtimes.py"


def ci() -> dict:
    return yaml.safe_load(CI.read_text(encoding="utf-8"))


def job(name: str) -> dict:
    """A job with what it extends merged in (GitLab merges mappings, and replaces lists)."""
    data = ci()
    merged: dict = {}
    for parent in [data[name].get("extends")] if isinstance(data[name].get("extends"), str) else data[name].get("extends", []):
        merged.update(job(parent))
    for key, value in data[name].items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) and key != "cache" else value
    return merged


def recipe(target: str) -> list[str]:
    """The commands of a Makefile target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    block = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)*)", text, flags=re.M)
    assert block, target
    return [line.strip() for line in block[1].splitlines()]


def test_the_jobs_run_the_readme_commands_the_tests_run():
    data = ci()
    jobs = {name for name, value in data.items() if isinstance(value, dict) and "script" in value}
    assert jobs == {"test", "pages"}
    assert job("test")["script"] == ["make test"]
    # .ci/run, the CI entry point of the repository, runs the same command.
    assert [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("make")] == ["make test"]
    pages = job("pages")
    assert pages["script"] == ["make", "rm -rf public", "cp -RL _build/html public"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["variables"]["KB_BASE_URL"] == "$CI_PAGES_URL/"  # the 404 page's absolute links
    # `make` builds with `python -m kb build` into _build, as the tests' site fixture does (tests/conftest.py).
    assert recipe("all") == ["$(KB) build"]
    assert re.search(r'"-m", "kb", "--build-dir", str\(build_dir\), "build"', (ROOT / "tests" / "conftest.py").read_text())
    assert re.search(r"^BUILDDIR\s*\?= _build$", (ROOT / "Makefile").read_text(), flags=re.M)
    assert (Layout(ROOT, ROOT / "_build").current / "html") == ROOT / "_build" / "current" / "html"


def test_the_cache_keeps_the_build_state_and_the_environment():
    layout = Layout(ROOT, ROOT / "_build")
    for name in ("test", "pages"):
        settings = job(name)
        cache = settings["cache"]
        assert cache["key"] == "kb-$CI_COMMIT_REF_SLUG" and cache["fallback_keys"] == ["kb-$CI_DEFAULT_BRANCH"]
        assert cache["paths"] == [".venv/", "_build/work/", "_build/sources-mtimes.json"]
        # Sphinx's environment and doctrees and LaTeX's auxiliary files all live in _build/work.
        assert layout.doctrees.is_relative_to(layout.work) and layout.work == ROOT / "_build" / "work"
        assert "python3 tools/restore-mtimes.py _build/sources-mtimes.json" in settings["before_script"]
        assert settings["before_script"][-1].startswith("python3 tools/restore-mtimes.py")  # before make
    assert job("test")["cache"]["policy"] == "pull" and "policy" not in job("pages")["cache"]
    assert ci()["variables"]["GIT_DEPTH"] == "0"  # git dates of every page


def restore(folder: Path, manifest: Path) -> str:
    result = subprocess.run([sys.executable, str(RESTORE), str(manifest)], cwd=folder, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_restore_mtimes_gives_unchanged_files_their_dates_back(tmp_path: Path):
    tree, manifest = tmp_path / "depot", tmp_path / "cache" / "dates.json"
    for name in ("a.md", "b.md", "sous/c.md", "_build/work/env.pickle", ".git/HEAD"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(name, encoding="utf-8")
    old = 1_600_000_000_000_000_000
    for path in tree.rglob("*"):
        os.utime(path, ns=(old, old))
    assert restore(tree, manifest) == ("Dates rétablies : 0 fichier inchangé depuis la dernière construction, "
                                       "3 fichiers nouveaux ou modifiés.\n")
    # A fresh clone: every file dated now; one of them changed, one added.
    now = time.time_ns()
    for path in tree.rglob("*.md"):
        os.utime(path, ns=(now, now))
    (tree / "b.md").write_text("changé", encoding="utf-8")
    (tree / "d.md").write_text("nouveau", encoding="utf-8")
    assert restore(tree, manifest) == ("Dates rétablies : 2 fichiers inchangés depuis la dernière construction, "
                                       "2 fichiers nouveaux ou modifiés.\n")
    dates = {p.relative_to(tree).as_posix(): p.stat().st_mtime_ns for p in tree.rglob("*.md")}
    assert dates["a.md"] == dates["sous/c.md"] == old
    assert dates["b.md"] >= now and dates["d.md"] >= now
    assert (tree / "_build" / "work" / "env.pickle").stat().st_mtime_ns == old  # not a source: untouched
    # The next pipeline keeps the new dates of b and d.
    assert restore(tree, manifest).startswith("Dates rétablies : 4 fichiers inchangés")


@pytest.mark.site
def test_a_one_testimonial_change_in_a_fresh_clone_reads_one_page_again(tmp_path: Path):
    """Two pipelines, as .gitlab-ci.yml runs them: restore the dates, build with the cached _build/work."""
    source, build = copy_site_sources(ROOT, tmp_path / "src"), tmp_path / "src" / "_build"
    manifest = build / "sources-mtimes.json"

    def checkout(when: int) -> None:
        for path in source.rglob("*"):
            if "_build" not in path.parts:
                os.utime(path, ns=(when, when))

    def kb_build(*options: str) -> None:
        result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build),
                                 "build", *options], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    def doctree_times() -> dict[str, int]:
        return {p.relative_to(build / "work" / "doctrees").as_posix(): p.stat().st_mtime_ns
                for p in (build / "work" / "doctrees").rglob("*.doctree")}

    checkout(time.time_ns() - 3600 * 10**9)  # the first pipeline's clone
    restore(source, manifest)
    kb_build()
    before = doctree_times()
    checkout(time.time_ns())  # the second pipeline's clone: every source newer than the cached environment
    assert max(before.values()) < min(p.stat().st_mtime_ns for p in source.glob("*.md"))
    page = source / f"{TESTIMONIAL}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée entre deux pipelines.\n", encoding="utf-8")
    restore(source, manifest)
    kb_build("--html")
    after = doctree_times()
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} == {f"{TESTIMONIAL}.doctree"}
    assert "Une phrase ajoutée entre deux pipelines." in (build / "html" / f"{TESTIMONIAL}.html").read_text()
