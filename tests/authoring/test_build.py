"""Imported and new pages pass the strict build of the real site (one build)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kbtools.cli import main
from tests.authoring.helpers import png, semantic_page, wordpress_page, write_docx, write_md
from tests.helpers import ROOT
from tests.helpers.site import SEED, copy_site_sources


def test_imported_pages_pass_the_strict_build(tmp_path, capsys):
    site = copy_site_sources(ROOT, tmp_path / "site")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "photo.png").write_bytes(png())
    html = tmp_path / "page.html"
    html.write_text(wordpress_page().replace("<p>&nbsp;</p>", "<p><img src='page_files/photo.png' alt='Photo'></p>")
                    + "<!-- -->", encoding="utf-8")
    semantic = tmp_path / "semantique.html"
    semantic.write_text(semantic_page(), encoding="utf-8")  # an exponent ({sup}), a javascript: link removed
    sources = [html, write_md(tmp_path / "recit.md"), write_docx(tmp_path / "recit.docx", image=png(3, 3)), SEED,
               semantic]
    written = []
    for number, source in enumerate(sources):
        assert main(["--source", str(site), "import", str(source), "--slug", f"importe-{number}"]) == 0
        written.append(Path(capsys.readouterr().out.splitlines()[-1]))
    assert main(["--source", str(site), "new", "--titre", "Un témoignage à écrire", "--auteur", "Camille Martin"]) == 0
    written.append(Path(capsys.readouterr().out.splitlines()[-1]))
    assert all(path.parent == site / "temoignages" for path in written)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E", "-q",
                             str(site), str(tmp_path / "html")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr
    for path in written:
        page = tmp_path / "html" / "temoignages" / f"{path.stem}.html"
        assert page.exists(), page
    built = (tmp_path / "html" / "temoignages" / "importe-0.html").read_text(encoding="utf-8")
    assert "Mutuelle des Exemples" in built and "<script>alert" not in built
    assert (tmp_path / "html" / "_images").is_dir()
