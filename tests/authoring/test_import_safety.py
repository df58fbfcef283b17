"""Bad paths, names taken, interrupted writes: a clear message, and nothing written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.authoring.helpers import pages, png, small_base, wordpress_page, write_txt
from tests.helpers import ROOT


def test_missing_file(kb, base, tmp_path):
    before = pages(base)
    status, out, err = kb("import", tmp_path / "absent.docx")
    assert status == 1 and out == ""
    assert err == f"{tmp_path / 'absent.docx'}: ce fichier n’existe pas ; vérifiez le chemin ; rien n’a été écrit\n"
    assert pages(base) == before


def test_a_folder(kb, tmp_path):
    (tmp_path / "dossier.txt").mkdir()
    status, _out, err = kb("import", tmp_path / "dossier.txt")
    assert status == 1 and "ce n’est pas un fichier (un dossier ?)" in err


def test_unknown_extension(kb, base, tmp_path):
    source = tmp_path / "temoignage.pdf"
    source.write_bytes(b"%PDF-1.4")
    status, _out, err = kb("import", source)
    assert status == 1
    assert "type de fichier inconnu « .pdf » ; formats acceptés : .docx, .eml, .htm, .html, .md, .odt, .txt" in err


def test_unreadable_file(kb, base, tmp_path, monkeypatch):
    source = write_txt(tmp_path / "recit.txt")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if Path(path) == source:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    before = pages(base)
    status, _out, err = kb("import", source)
    assert status == 1
    assert err.startswith(f"{source}: ce fichier ne peut pas être lu (permission refusée)")
    assert pages(base) == before


def test_unreadable_file_for_real(base, tmp_path):
    """A file its reader may not open, for real: as root (CI), the import runs as « nobody »."""
    import shutil
    import subprocess
    import sys

    source = write_txt(tmp_path / "recit.txt")
    source.chmod(0)
    tmp_path.chmod(0o755)
    command = [sys.executable, "-m", "kb", "--source", str(base), "import", str(source)]
    if os.geteuid() == 0:
        assert shutil.which("setpriv"), "setpriv (util-linux) runs the command as another user"
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    before = pages(base)
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert "permission refusée" in result.stderr
    assert pages(base) == before


def test_slug_taken(kb, base, tmp_path):
    source = write_txt(tmp_path / "recit.txt")
    status, out, _err = kb("import", source)
    assert status == 0
    first = Path(out.splitlines()[-1])
    content = first.read_text(encoding="utf-8")
    before = pages(base)
    status, out, err = kb("import", source)
    assert status == 1 and out == ""
    assert f"temoignages/{first.name} existe déjà : rien n’a été écrit" in err and "--slug" in err
    assert pages(base) == before and first.read_text(encoding="utf-8") == content
    status, out, err = kb("import", source, "--slug", "deuxieme-import")
    assert status == 0 and out.splitlines()[-1].endswith("temoignages/deuxieme-import.md")
    assert "identifiant: T-003" in Path(out.splitlines()[-1]).read_text(encoding="utf-8")


def test_identifier_and_old_address_taken(kb, base, tmp_path):
    source = write_txt(tmp_path / "recit.txt")
    (base / "temoignages" / "renomme.md").write_text(
        "---\nidentifiant: T-007\nauteur: A B\nanciennes_adresses: [temoignages/ancien-nom]\n---\n\n# R\n\nTexte.\n",
        encoding="utf-8")
    before = pages(base)
    status, _out, err = kb("import", source, "--identifiant", "T-007")
    assert status == 1 and "l’identifiant T-007 est déjà celui de temoignages/renomme.md" in err and "T-008" in err
    status, _out, err = kb("import", source, "--slug", "ancien-nom")
    assert status == 1 and "« temoignages/ancien-nom » est une ancienne adresse de temoignages/renomme.md" in err
    assert pages(base) == before


def test_an_interrupted_import_leaves_nothing(kb, base, tmp_path, monkeypatch):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "photo.png").write_bytes(png())
    source = tmp_path / "page.html"
    source.write_text(wordpress_page().replace("<p>&nbsp;</p>", "<p><img src='page_files/photo.png' alt='x'></p>"),
                      encoding="utf-8")

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt  # Ctrl+C at the worst moment: images in place, page not yet

    monkeypatch.setattr(os, "link", interrupted)
    before = pages(base)
    with pytest.raises(KeyboardInterrupt):
        kb("import", source)
    assert pages(base) == before  # no page, no image folder, no temporary file


def test_without_hard_links_the_name_is_still_never_replaced(kb, base, tmp_path, monkeypatch):
    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    status, out, err = kb("import", write_txt(tmp_path / "recit.txt"))
    assert status == 0, err
    page = Path(out.splitlines()[-1])
    assert page.read_text(encoding="utf-8").startswith("---\nidentifiant: T-002\n")
    assert oct(page.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert {p for p in pages(base) if "/." in p} == set()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_command_line_exit_status_and_last_line(tmp_path):
    base = small_base(tmp_path / "base")
    source = write_txt(tmp_path / "recit.txt")
    command = [sys.executable, "-m", "kb", "--source", str(base), "import", str(source)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert first.stdout.splitlines()[-1] == str(base / "temoignages" / "client-coeur-refondation-relation-tant-mieux.md")
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode == 1 and again.stdout == "" and "existe déjà" in again.stderr
    bad = subprocess.run([*command, "--date", "hier"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "«\u00a0hier\u00a0» n’est pas une date\u202f; écrivez-la" in bad.stderr
    assert bad.stderr.endswith("\u202f; rien n’a été écrit\n")
