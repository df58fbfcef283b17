"""The MkDocs peer of the benchmark (bench/mkdocs.py): its converter only, on three synthetic
testimonials. MkDocs itself is not installed here (bench/requirements.txt), so nothing is built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.config import Config
from sphinx.project import Project
from sphinx.util.tags import Tags

from bench.mkdocs import generate_mkdocs
from bench.synthetic import generate

MYST = re.compile(r"\{[\w:.+-]+\}`|```\{|:::\{")
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("bench-mkdocs")
    plain = generate(tmp / "plain", 3, engine=False)
    return plain, generate_mkdocs(plain, tmp / "mkdocs") / "docs"


def sphinx_pages(src: Path) -> set[str]:
    """The pages plain Sphinx builds from *src*, as Sphinx finds them."""
    config = Config.read(src, overrides={}, tags=Tags())
    project = Project(src, [".md"])
    return {f"{name}.md" for name in project.discover(config.exclude_patterns, config.include_patterns)}


def outside_code(text: str) -> list[str]:
    """The lines of *text* that Markdown does not show literally: fenced blocks and code spans left out."""
    lines, fence = [], None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if fence:
            if re.fullmatch(rf"\s*{fence[0]}{{{len(fence)},}}\s*", line):
                fence = None
        elif opening and opening[1][0] == "`" and "{" not in line:  # a code block (a directive is reported)
            fence = opening[1]
        else:  # code spans out, but not a role's `text` after its {name}
            lines.append(re.sub(r"(?<![}`])(`+).+?(?<!`)\1(?!`)", "", line))
    return lines


def body(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def source_text(text: str) -> str:
    """A MyST page's text: roles as their text, without directive fences, their options, toctrees and targets."""
    text = re.sub(r"^(`{3,})\{toctree\}.*?^\1$", "", body(text), flags=re.S | re.M)
    # A role becomes its text; a code span that shows one (``{these}`22` ``) stays as it is.
    text = re.sub(r"\{[\w:.+-]+\}`([^`]*?)(?:\s*<[^`<>]*>)?`|((`+).+?(?<!`)\3(?!`))",
                  lambda m: m[2] or m[1], text)
    lines = [line for line in text.splitlines()
             if not FENCE.match(line) and not re.match(r"\s*:[\w-]+:(\s|$)", line) and not re.match(r"\s*\(\S+\)=\s*$", line)]
    return plain("\n".join(lines))


def plain(text: str) -> str:
    """Text without Markdown markup: list, quote and definition markers, emphasis, code ticks, heading marks."""
    text = re.sub(r"^\s*(?:[-*+>:]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`#]", "", text)
    return " ".join(text.split())


def test_every_page_has_its_counterpart(trees):
    plain_tree, docs = trees
    expected = sphinx_pages(plain_tree)
    assert "temoignages/synthetique-00003.md" in expected and "manifeste/theses.md" in expected
    assert {str(p.relative_to(docs)) for p in docs.rglob("*.md")} == expected
    assert not [p for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert "site_name:" in (docs.parent / "mkdocs.yml").read_text(encoding="utf-8")


def test_no_myst_syntax_left(trees):
    _, docs = trees
    left = [f"{page.relative_to(docs)}: {line}" for page in docs.rglob("*.md")
            for line in outside_code(page.read_text(encoding="utf-8"))
            if MYST.search(line) or re.match(r"\s*\([^()\s]+\)=\s*$", line)]
    assert not left


def test_the_text_of_every_page_is_kept(trees):
    plain_tree, docs = trees
    for page in docs.rglob("*.md"):
        source = (plain_tree / page.relative_to(docs)).read_text(encoding="utf-8")
        output = plain(body(page.read_text(encoding="utf-8")))
        sentences = [s for s in source_text(source).split(". ") if s.strip()]
        assert sentences, page
        missing = [s for s in sentences if s not in output]
        assert not missing, f"{page.relative_to(docs)}: {missing[:3]}"


def test_the_checks_see_a_converter_that_drops_text(trees, tmp_path):
    """The text check is not vacuous: a glossary or an `only` block lost, or a role's text, is seen."""
    plain_tree, docs = trees
    for name, cut in [("glossaire.md", r"\nAgilité\n:   .*?\n"), ("carte.md", r"\*\*Les données.*"),
                      ("contribuer.md", r"au glossaire\.")]:
        source = (plain_tree / name).read_text(encoding="utf-8")
        damaged = plain(body(re.sub(cut, "\n", (docs / name).read_text(encoding="utf-8"), flags=re.S)))
        assert any(s not in damaged for s in source_text(source).split(". ") if s.strip()), name
