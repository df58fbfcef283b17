"""The hostile catalog (tests/helpers/hostile.py): each case fails with its
message at its line, or comes out correctly in both HTML and PDF. Both
builds run within the resource budget (tests/helpers/budget.py): a
regression fails instead of hanging; the heavier cases of issue 17 are in
tests/site/test_resources.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import PDF_NAME, ROOT
from tests.helpers.budget import BUDGET_BYTES, BUDGET_SECONDS, Run, build_within_budget
from tests.helpers.hostile import CASES, Correct, Error
from tests.helpers.site import article_text, copy_site_sources, pdf_text, squash

pytestmark = pytest.mark.site
ERRORS = {name: expected for name, (_, expected) in CASES.items() if isinstance(expected, Error)}
CORRECT = {name: expected for name, (_, expected) in CASES.items() if isinstance(expected, Correct)}


def write_cases(folder: Path, names) -> None:
    for name in names:
        content, _ = CASES[name]
        path = folder / "temoignages" / f"{name}.md"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


RUNS: dict[str, Run] = {}  # each batch's time and peak memory


def build(source: Path, build_dir: Path, *args: str) -> Run:
    RUNS[" ".join(args) or "both"] = run = build_within_budget(source, build_dir, *args)
    return run


@pytest.fixture(scope="module")
def warnings(tmp_path_factory) -> str:
    """Every case in one site, built as HTML: the warnings, colourless."""
    source = copy_site_sources(ROOT, tmp_path_factory.mktemp("hostile-all"))
    write_cases(source, CASES)
    result = build(source, source / "_build", "--html")
    assert result.returncode == 1
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)


@pytest.fixture(scope="module")
def correct_site(tmp_path_factory) -> Path:
    """The correct cases alone: the strict build (HTML and PDF) must pass."""
    source = copy_site_sources(ROOT, tmp_path_factory.mktemp("hostile-correct"))
    write_cases(source, CORRECT)
    result = build(source, source / "_build")
    assert result.returncode == 0, result.stderr[-4000:]
    return source / "_build"


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_names_the_file_and_line(warnings: str, name: str):
    expected = ERRORS[name]
    # The command line prints each problem as « file:line: message » (the full log is in _build/logs).
    pattern = rf"(?m)^temoignages/{re.escape(name)}\.md:{expected.line}: [^\n]*{re.escape(expected.text)}"
    assert re.search(pattern, warnings), [line for line in warnings.splitlines() if f"/{name}.md" in line]


@pytest.fixture(scope="module")
def correct_pdf(correct_site: Path) -> str:
    return squash(pdf_text(correct_site / "pdf" / PDF_NAME))


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_case_reaches_html_and_pdf(correct_site: Path, correct_pdf: str, name: str):
    page = squash(article_text(correct_site / "html" / "temoignages" / f"{name}.html"))
    for text in CORRECT[name].texts:
        assert squash(text) in page, ("HTML", text)
        assert squash(text) in correct_pdf, ("PDF", text)


def test_correct_cases_produce_no_warning_in_the_mixed_build(warnings: str):
    for name in CORRECT:
        if name != "identifiant-double-a":  # its twin is the error
            assert f"temoignages/{name}.md:" not in warnings, name


def test_no_missing_glyph_in_the_pdf(correct_site: Path):
    log = next((correct_site / "work" / "latex").glob("*.log")).read_text(errors="replace")
    assert "Missing character" not in log


def test_each_batch_within_the_resource_budget(warnings: str, correct_site: Path):
    for what, run in RUNS.items():
        assert not run.timed_out and run.seconds <= BUDGET_SECONDS and run.peak_bytes < BUDGET_BYTES, (what, run.describe())


def test_long_link_targets_stay_intact(correct_site: Path):
    tex = (correct_site / "work" / "latex" / PDF_NAME.replace(".pdf", ".tex")).read_text()  # the book, not its master
    assert "https://example.org/" + "x" * 60 in tex
