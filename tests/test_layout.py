"""The layout keeps its promises: the extension's stages import in one
direction, the core imports no feature, nothing imports in a cycle, the tools
stay outside what Sphinx loads, and editing a tool does not rebuild the site."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers.site import copy_site_sources

# What each part of the extension may import (besides itself).
ALLOWED = {
    "kb.core": {"kb.core"},
    "kb.read": {"kb.core", "kb.read"},
    "kb.resolve": {"kb.core", "kb.resolve"},
    "kb.write": {"kb.core", "kb.resolve", "kb.write"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module of ours that *path* imports, at any depth (function-level imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in {"kb", "kbtools", "tests", "bench"}}


def graph(package: str) -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in sorted((ROOT / package).rglob("*.py"))}


def stage(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_each_stage_imports_only_earlier_stages():
    wrong = [(module, target) for module, targets in graph("kb").items() if stage(module) in ALLOWED
             for target in targets if stage(target) not in ALLOWED[stage(module)]]
    assert wrong == []


def test_no_import_cycle():
    modules = {**graph("kb"), **graph("kbtools")}

    def resolve(target: str) -> str | None:
        while target and target not in modules:  # « from kb.core.domain import X » names a module
            target = target.rpartition(".")[0]
        return target or None

    edges = {m: {t for t in map(resolve, targets) if t and t != m} for m, targets in modules.items()}
    # The package ``kb`` wires every feature: importing it from a feature is the cycle to avoid.
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target] if target in path else [module, target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_extension_never_imports_the_tools_and_bench_no_test():
    kb = graph("kb")
    assert [m for m, targets in kb.items() if m != "kb.__main__" and any(t.startswith("kbtools") for t in targets)] == []
    assert [m for m, targets in graph("bench").items() if any(t.startswith("tests") for t in targets)] == []
    tests = graph("tests")
    crossing = [(m, t) for m, targets in tests.items() for t in targets
                if t.startswith("tests.") and t.split(".")[-1].startswith("test_")]
    assert crossing == []


def test_config_values_are_declared_once():
    declaring = [path.relative_to(ROOT).as_posix() for path in (ROOT / "kb").rglob("*.py")
                 if "add_config_value" in path.read_text(encoding="utf-8")]
    assert declaring == ["kb/core/config.py"]


@pytest.mark.site
def test_editing_a_tool_rereads_nothing_editing_the_extension_rereads_everything(tmp_path: Path):
    source = copy_site_sources(ROOT, tmp_path / "src")

    def build() -> None:
        result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1",
                                 "-d", str(tmp_path / "doctrees"), str(source), str(tmp_path / "html")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    def doctree_times() -> dict[str, int]:
        """When each page's doctree was last written: a page read again gets a new one."""
        return {p.relative_to(tmp_path).as_posix(): p.stat().st_mtime_ns
                for p in (tmp_path / "doctrees").rglob("*.doctree")}

    build()
    before = doctree_times()
    for tool in ("kbtools/cli.py", "kbtools/build/release.py", "kb/__main__.py"):
        with (source / tool).open("a", encoding="utf-8") as handle:
            handle.write("\n# an edit of a tool\n")
    build()
    assert doctree_times() == before  # no page read again
    with (source / "kb" / "core" / "french.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit of the extension\n")
    build()
    after = doctree_times()
    assert after.keys() == before.keys() and all(after[name] != before[name] for name in before)
