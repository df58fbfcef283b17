"""Publication is atomic and builds are reproducible (the real site, with the CLI)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.core.config import EPUB_FILENAME as EPUB_NAME
from tests.helpers import PDF_NAME, ROOT
from tests.helpers.site import copy_site_sources

pytestmark = pytest.mark.site


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(source: Path, build: Path, *args: str, wait: bool = True, env: dict | None = None):
    command = [sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build), "build", *args]
    options = {"cwd": ROOT, "env": {**os.environ, **(env or {})}, "stdout": subprocess.DEVNULL,
               "stderr": subprocess.PIPE, "text": True}
    if wait:
        return subprocess.run(command, **options)
    return subprocess.Popen(command, **options)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the site's sources that a test may break."""
    return copy_site_sources(ROOT, tmp_path / "src")


def published(build: Path) -> dict[str, str]:
    assert (build / "html" / "index.html").is_file()
    assert (build / "pdf" / PDF_NAME).is_file()
    assert (build / "epub" / EPUB_NAME).is_file()
    return {**tree_digest(build / "html"), "pdf": hashlib.sha256((build / "pdf" / PDF_NAME).read_bytes()).hexdigest(),
            "epub": hashlib.sha256((build / "epub" / EPUB_NAME).read_bytes()).hexdigest()}


BROKEN = "---\nidentifiant: T-990\nauteur: Synthétique\n---\n\n# Cassé\n\nLa {these}`96`.\n"


def test_a_failed_build_leaves_the_last_good_site_untouched(sources: Path, tmp_path: Path):
    build = tmp_path / "build"
    assert cli(sources, build, env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    before = published(build)
    (sources / "temoignages" / "synthetique-casse.md").write_text(BROKEN, encoding="utf-8")
    result = cli(sources, build, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 1
    assert "synthetique-casse.md:8" in result.stderr and "Rien n’a été publié" in result.stderr
    assert published(build) == before
    # The next build reads everything again, so the error is reported again.
    assert cli(sources, build, "--html", env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 1


@pytest.mark.parametrize(("signum", "delay"), [(signal.SIGKILL, 1.0), (signal.SIGKILL, 4.0),
                                               (signal.SIGKILL, 7.0), (signal.SIGINT, 3.0)])
def test_an_interrupted_build_leaves_a_complete_site(sources: Path, tmp_path: Path, signum, delay):
    build = tmp_path / "build"
    assert cli(sources, build).returncode == 0
    before = published(build)
    page = sources / "glossaire.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    process = cli(sources, build, wait=False)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signum)
    process.wait(timeout=120)
    after = published(build)  # complete: index, pages and PDF all there
    if after != before:  # the build finished before the signal: the new site, whole
        assert "Une phrase ajoutée." in (build / "html" / "glossaire.html").read_text()


def test_two_clean_builds_are_identical(site: Path, tmp_path: Path):
    """Same sources, same bytes: SOURCE_DATE_EPOCH defaults to the last commit's time."""
    again = tmp_path / "again"
    assert cli(ROOT, again).returncode == 0
    first, second = published(site), published(again)
    different = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert different == []


def test_publication_interrupted_while_copying_keeps_the_current_release(tmp_path: Path, monkeypatch):
    from kbtools.build import release as module

    layout = module.Layout(source=tmp_path, build=tmp_path / "build")
    html, pdf, epub = tmp_path / "html", tmp_path / "edition.pdf", tmp_path / "edition.epub"
    html.mkdir()
    (html / "index.html").write_text("première édition <a>PDF<!--kb-taille-pdf--></a> <a>EPUB<!--kb-taille-epub--></a>")
    (html / module.EDITIONS_MANIFEST).write_text('{"pdf": "edition/livre.pdf", "epub": "edition/livre.epub"}')
    pdf.write_bytes(b"%PDF-1 first" + b"x" * 1_500_000)
    epub.write_bytes(b"PK first")
    first = module.publish(layout, html, pdf, epub)
    assert (layout.build / "html" / "edition" / "livre.pdf").read_bytes() == pdf.read_bytes()
    assert (layout.build / "html" / "edition" / "livre.epub").read_bytes() == b"PK first"
    assert (layout.build / "epub" / EPUB_NAME).read_bytes() == b"PK first"
    assert not (layout.build / "html" / module.EDITIONS_MANIFEST).exists()
    # The sizes, known only now, are written into the links.
    assert (layout.build / "html" / "index.html").read_text() == (
        "première édition <a>PDF (1,5\u202fMo)</a> <a>EPUB (1\u202fko)</a>")
    (html / "index.html").write_text("seconde édition")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module.shutil, "copyfile", interrupted)
    with pytest.raises(KeyboardInterrupt):
        module.publish(layout, html, pdf, epub)
    assert (layout.build / "current").resolve() == first.resolve()
    assert (layout.build / "html" / "index.html").read_text().startswith("première édition")
    monkeypatch.undo()
    second = module.publish(layout, html, pdf, epub)  # the next publication cleans the partial copy
    assert (layout.build / "html" / "index.html").read_text() == "seconde édition"
    assert not list(layout.releases.glob(".*.partial"))
    assert second != first


@pytest.mark.skipif(not shutil.which("kpsewhich"), reason="TeX Live is not installed")
def test_xelatex_gets_the_extra_memory_a_large_base_needs():
    from kbtools.build.latex import TEX_MEMORY, tex_env

    for name, value in TEX_MEMORY.items():
        seen = subprocess.run(["kpsewhich", f"-var-value={name}"], env=tex_env(dict(os.environ)),
                              capture_output=True, text=True, check=True).stdout.strip()
        assert seen == value and int(value) > 5_000_000
    # What the caller sets wins.
    assert tex_env({"extra_mem_top": "1"})["extra_mem_top"] == "1"
