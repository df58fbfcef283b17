"""The resource budget (issue 17): hostile input costs seconds, not minutes
or gigabytes, and ends with its message or its page.

Each heavy case is built alone, on a site of one page (``python -m kb build``,
both editions), in a child process killed after three times the budget, so
that a regression fails instead of hanging CI: it must finish within
``BUDGET_SECONDS`` with a peak memory under ``BUDGET_BYTES``. The light
cases are built together, errors in one site and correct cases in another,
as the catalog of tests/site/test_hostile.py does, within the same budget.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import PDF_NAME
from tests.helpers.budget import BUDGET_BYTES, BUDGET_SECONDS, Run, build_within_budget, one_page_site
from tests.helpers.hostile import RESOURCE_CASES, CorrectAt, ErrorAt
from tests.helpers.site import article_text, pdf_text, squash

pytestmark = pytest.mark.site

HEAVY = ["bombe-alias", "citations-100000", "tableau-10000-lignes", "titres-5000", "notes-10000", "url-100-ko",
         "url-100-ko-texte",
         "paragraphe-2-mo", "png-50000", "citations-20-niveaux"]
LIGHT = sorted(set(RESOURCE_CASES) - set(HEAVY))
LIGHT_ERRORS = [name for name in LIGHT if isinstance(RESOURCE_CASES[name][1], ErrorAt)]
LIGHT_CORRECT = [name for name in LIGHT if isinstance(RESOURCE_CASES[name][1], CorrectAt)]
PASSWD = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]  # what hostile SVGs try to read


def assert_within_budget(run: Run, what: str) -> None:
    assert not run.timed_out, f"{what}: killed after {run.seconds:.0f} s\n{run.stderr[-2000:]}"
    assert run.seconds <= BUDGET_SECONDS, f"{what}: {run.describe()} (budget: {BUDGET_SECONDS} s)"
    assert run.peak_bytes < BUDGET_BYTES, f"{what}: {run.describe()} (budget: {BUDGET_BYTES >> 20} Mio)"


def assert_error(run: Run, expected: ErrorAt) -> None:
    assert run.returncode == 1, run.stderr[-2000:]
    where = f"{re.escape(expected.path)}:{expected.line}" if expected.line else re.escape(expected.path)
    assert re.search(rf"(?m)^{where}: [^\n]*{re.escape(expected.text)}", run.stderr), run.stderr[-3000:]
    # Quoted values stay short: no line of the report is longer than a long message.
    assert max(len(line) for line in run.stderr.splitlines()) < 600, run.stderr[-3000:]
    assert "Rien n’a été publié" in run.stderr


def assert_correct(build: Path, expected: CorrectAt) -> None:
    page = squash(article_text(build / "html" / f"{expected.page}.html"))
    pdf = squash(pdf_text(build / "pdf" / PDF_NAME))
    for text in expected.texts:
        assert squash(text) in page, ("HTML", expected.page, text[:80])
        assert squash(text) in pdf, ("PDF", expected.page, text[:80])


def assert_no_secret(build: Path) -> None:
    for path in build.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert PASSWD.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("name", HEAVY)
def test_a_heavy_case_alone_within_the_budget(tmp_path: Path, name: str):
    files, expected = RESOURCE_CASES[name]
    source = one_page_site(tmp_path / "src", files.files, files.links)
    run = build_within_budget(source, tmp_path / "build")
    assert_within_budget(run, name)
    if isinstance(expected, ErrorAt):
        assert_error(run, expected)
    else:
        assert run.returncode == 0, run.stderr[-3000:]
        assert_correct(tmp_path / "build", expected)


def test_light_errors_together_within_the_budget(tmp_path: Path):
    files: dict[str, bytes | str] = {}
    links: list[tuple[str, str]] = []
    for name in LIGHT_ERRORS:
        files.update(RESOURCE_CASES[name][0].files)
        links += RESOURCE_CASES[name][0].links
    source = one_page_site(tmp_path / "src", files, links)
    run = build_within_budget(source, tmp_path / "build")
    assert_within_budget(run, ", ".join(LIGHT_ERRORS))
    for name in LIGHT_ERRORS:
        assert_error(run, RESOURCE_CASES[name][1])
    assert_no_secret(tmp_path / "build")


def test_light_correct_cases_together_within_the_budget(tmp_path: Path):
    files: dict[str, bytes | str] = {}
    for name in LIGHT_CORRECT:
        files.update(RESOURCE_CASES[name][0].files)
    source = one_page_site(tmp_path / "src", files)
    run = build_within_budget(source, tmp_path / "build")
    assert_within_budget(run, ", ".join(LIGHT_CORRECT))
    assert run.returncode == 0, run.stderr[-3000:]
    for name in LIGHT_CORRECT:
        assert_correct(tmp_path / "build", RESOURCE_CASES[name][1])
    # The two testimonials of one title are two pages, each in the catalog and the book.
    assert (tmp_path / "build" / "html" / "temoignages" / "meme-titre-a.html").is_file()
    assert squash(pdf_text(tmp_path / "build" / "pdf" / PDF_NAME)).count(squash("Un titre en double")) >= 2


def test_the_catalog_has_every_case_the_issue_names():
    required = {"bombe-alias", "citations-100000", "tableau-10000-lignes", "titres-5000", "notes-10000", "url-100-ko",
                "png-50000", "svg-entite", "svg-image-fichier", "boucle-de-liens", "noms-de-fichiers", "sous-dossier",
                "meme-titre"}
    assert required <= set(RESOURCE_CASES)
    assert set(HEAVY) | set(LIGHT) == set(RESOURCE_CASES)
