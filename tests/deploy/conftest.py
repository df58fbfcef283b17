"""The real site installed with ``python -m kb install`` and served by Debian's
nginx with the repository's configuration, once for the deploy tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers.deploy import NGINX, SECRET, nginx


@pytest.fixture(scope="session")
def installed(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DEST after ``python -m kb install DEST``, with traps for the server: dot-files, a link
    out of the release, a folder without a page, a file beside the release."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (tools/system-deps.sh installs nginx-light)")
    dest = tmp_path_factory.mktemp("deploy") / "kb"
    result = subprocess.run([sys.executable, "-m", "kb", "--build-dir", str(site), "install", str(dest)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    release = (dest / "current").resolve()
    # New files only: the release's own files are hard links to the build's.
    (release / ".git").mkdir()
    (release / ".git" / "config").write_text(f"[core] {SECRET}\n", encoding="utf-8")
    (release / ".kb-pdf.json").write_text(f'{{"url": "{SECRET}"}}\n', encoding="utf-8")
    (release / "temoignages" / ".brouillon.md").write_text(SECRET, encoding="utf-8")
    (dest / "secret.txt").write_text(SECRET, encoding="utf-8")
    (release / "lien-sortant.txt").symlink_to(dest / "secret.txt")
    (release / "dossier-sans-page").mkdir()
    (release / "dossier-sans-page" / "note.txt").write_text("une note", encoding="utf-8")
    # The three editions and the feed, which the server must give their types.
    assert [p.suffix for p in sorted((release / "edition").iterdir())] == [".epub", ".pdf"]
    assert (release / "flux.xml").is_file()
    return dest


@pytest.fixture(scope="session")
def server(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx with deploy/nginx/kb.conf as shipped (no authentication), serving DEST/current."""
    with nginx(tmp_path_factory.mktemp("nginx"), installed / "current") as url:
        yield url
