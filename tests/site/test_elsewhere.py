"""``sphinx-build SOURCE OUT`` started from any folder: every path in conf.py
is relative to conf.py itself, never to the current folder (issue 17)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers.site import copy_site_sources

pytestmark = pytest.mark.site


def test_a_build_started_from_another_folder(tmp_path: Path):
    source = copy_site_sources(ROOT, tmp_path / "src")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
                             str(source), str(out)], cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(elsewhere.iterdir()) == []  # nothing written where the build was started
    # html_search_scorer: the site's scorer is in the search page's scripts.
    scorer = (source / "_static" / "kb-scorer.js").read_text(encoding="utf-8").strip()
    searchtools = (out / "_static" / "searchtools.js").read_text(encoding="utf-8")
    assert scorer.splitlines()[-1].strip() in searchtools
    # html_static_path and html_favicon: copied from beside conf.py.
    assert (out / "_static" / "kb.css").read_bytes() == (source / "_static" / "kb.css").read_bytes()
    assert (out / "_static" / "favicon.svg").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="(?:shortcut )?icon" href="_static/favicon\.svg"', index)
    # The theme's and templates' folders (html_theme_path, templates_path): the link to the PDF edition.
    assert "kb-pdf-link" in index and "Télécharger l’édition PDF" in index
