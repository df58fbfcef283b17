"""``python -m kb suggest``: its output, ``--json``, ``--apply`` written atomically, and bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kbtools.authoring.suggest import strip_roles
from kbtools.cli import main
from tests.authoring.helpers_suggest import page
from tests.helpers import ROOT

BODY = "# Titre\n\nLes clients et la thèse 22, puis les réseaux sociaux.\n"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<role>\{(?:term|these)\}`[^`]+`) \((?P<reason>.+)\)$")


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--source", str(ROOT), "suggest", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def testimonial(tmp_path: Path) -> Path:
    path = tmp_path / "temoin.md"
    path.write_text(page(BODY), encoding="utf-8")
    return path


def test_lines_file_line_column_proposal_reason(capsys, testimonial):
    status, out, err = run(capsys, str(testimonial))
    assert status == 0 and err == ""
    *lines, summary = out.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["file"], m["line"], m["column"], m["role"]) for m in parsed] == [
        (str(testimonial), "8", "5", "{term}`clients <Client>`"),
        (str(testimonial), "8", "19", "{these}`thèse 22 <22>`"),
        (str(testimonial), "8", "38", "{term}`réseaux sociaux <Réseaux sociaux>`"),
    ]
    assert parsed[1]["reason"] == "mention explicite de la thèse 22 « Avoir de l’humour n’est pas faire des blagues »"
    assert summary == "3 propositions dans 1 page (2 termes, 1 thèse)."


def test_json(capsys, testimonial):
    status, out, _ = run(capsys, str(testimonial), "--json")
    assert status == 0
    records = json.loads(out)
    assert [set(r) for r in records] == [{"file", "line", "column", "text", "kind", "target", "role", "reason"}] * 3
    assert records[0] == {"file": str(testimonial), "line": 8, "column": 5, "text": "clients", "kind": "term",
                          "target": "Client", "role": "{term}`clients <Client>`",
                          "reason": "terme du glossaire « Client », première occurrence dans la page"}
    assert records[1]["kind"] == "these" and records[1]["target"] == "22"


def test_apply_wraps_in_place_and_is_idempotent(capsys, testimonial):
    before = testimonial.read_text(encoding="utf-8")
    status, out, _ = run(capsys, str(testimonial), "--apply")
    assert status == 0
    assert out.splitlines()[-1] == "3 propositions dans 1 page (2 termes, 1 thèse) ; 3 appliquées."
    after = testimonial.read_text(encoding="utf-8")
    assert after == page("# Titre\n\nLes {term}`clients <Client>` et la {these}`thèse 22 <22>`, "
                         "puis les {term}`réseaux sociaux <Réseaux sociaux>`.\n")
    assert strip_roles(after) == before
    assert [p.name for p in testimonial.parent.iterdir()] == ["temoin.md"]  # no temporary file left
    status, out, _ = run(capsys, str(testimonial), "--apply")
    assert status == 0 and out == "0 proposition dans 1 page (0 terme, 0 thèse) ; 0 appliquée.\n"
    assert testimonial.read_text(encoding="utf-8") == after


def test_apply_keeps_the_file_mode(capsys, testimonial):
    testimonial.chmod(0o640)
    run(capsys, str(testimonial), "--apply")
    assert testimonial.stat().st_mode & 0o777 == 0o640


def test_interrupted_write_leaves_the_page_whole(capsys, testimonial, monkeypatch):
    before = testimonial.read_bytes()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    status, _, err = run(capsys, str(testimonial), "--apply")
    assert status == 1
    assert f"{testimonial} : écriture impossible" in err and "la page est inchangée" in err
    assert testimonial.read_bytes() == before
    assert [p.name for p in testimonial.parent.iterdir()] == ["temoin.md"]


def test_folder_and_several_pages(capsys, tmp_path):
    folder = tmp_path / "temoignages"
    folder.mkdir()
    for name in ("a.md", "b.md", "index.md"):
        (folder / name).write_text(page(BODY), encoding="utf-8")
    extra = tmp_path / "c.md"
    extra.write_text(page("Le marketing.\n"), encoding="utf-8")
    status, out, _ = run(capsys, str(folder), str(extra), "--json")
    assert status == 0
    files = [Path(r["file"]).name for r in json.loads(out)]
    assert files == ["a.md"] * 3 + ["b.md"] * 3 + ["c.md"]


BAD = {
    "missing": (None, r"^{name} : fichier introuvable$"),
    "not utf-8": (b"---\nidentifiant: T-950\nauteur: X\n---\n\nLigne.\nCaf\xe9.\n",
                  r"^{name}:7: ce fichier n’est pas en UTF-8 \(octet 0xe9\) ; enregistrez-le en UTF-8$"),
    "no front matter": (b"# Titre\n\nLes clients.\n",
                        r"^{name}:1: la page n’a pas d’en-tête YAML \(il commence par une ligne « --- »\) ; "
                        r"est-ce bien un témoignage \?$"),
    "front matter not closed": (b"---\nidentifiant: T-950\n\nLes clients.\n",
                                r"^{name}:1: l’en-tête YAML n’est pas fermé : ajoutez une ligne « --- » après ses champs$"),
    "a folder": (b"", r"^{name} : aucune page de témoignage \(\.md\) dans ce dossier$"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_french_message_naming_the_file_nothing_written(capsys, tmp_path, case):
    content, message = BAD[case]
    path = tmp_path / "mauvais.md"
    if case == "a folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    status, _, err = run(capsys, str(path), "--apply")
    assert status != 0
    assert re.match(message.format(name=re.escape(str(path))), err.strip()), err
    if content:
        assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["mauvais.md"])
    assert list(tmp_path.rglob(".*.tmp")) == []


def test_a_bad_page_does_not_stop_the_others(capsys, tmp_path, testimonial):
    status, out, err = run(capsys, str(tmp_path / "absent.md"), str(testimonial))
    assert status == 1
    assert "absent.md : fichier introuvable" in err
    assert out.splitlines()[-1] == "3 propositions dans 1 page (2 termes, 1 thèse) ; 1 page illisible."


def test_sources_missing(capsys, tmp_path, testimonial):
    status = main(["--source", str(tmp_path), "suggest", str(testimonial)])
    assert status == 2
    assert f"{tmp_path / 'glossaire.md'} : fichier introuvable" in capsys.readouterr().err


def test_command_line_and_make_target(tmp_path, testimonial):
    result = subprocess.run([sys.executable, "-m", "kb", "suggest", "--json", str(testimonial)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 3
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^suggest: .*## ", makefile, re.M)
    assert "suggest $(PAGE)" in makefile
