"""``python -m kb new``: a page that passes the checks, never over another one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.core.frontmatter import parse_front_matter
from kbtools.authoring.page import slugify
from kbtools.project import read_conf
from tests.authoring.helpers import front_and_body, page_text, pages
from tests.helpers import ROOT


def themes(base: Path) -> list[str]:
    return read_conf(base)["kb_themes"]


def test_new_page_passes_front_matter_validation(kb, base):
    status, out, err = kb("new", "--titre", "Le digital, c’est d’abord l’écoute\u00a0!", "--auteur", "Camille Martin",
                          "--organisation", "Banque Exemple", "--date", "2021-03")
    assert status == 0, err
    assert err == ""
    path = Path(out.splitlines()[-1])
    assert path == base / "temoignages" / "digital-abord-ecoute.md"
    text = path.read_text(encoding="utf-8")
    result = parse_front_matter(text, themes(base))
    assert result.problems == []
    assert result.data == {"identifiant": "T-002", "auteur": "Camille Martin", "organisation": "Banque Exemple",
                           "date": "2021-03"}
    front, body = front_and_body(text)
    # the fields not given are there as comments, for the author to fill in
    assert "# role: …" in front and "# source: https://…" in front and "# themes: [" in front
    assert "# date:" not in front and "# organisation:" not in front
    assert body.startswith("\n# Le digital, c’est d’abord l’écoute\u00a0!\n")
    assert "Remplacez ce paragraphe par le texte de l’auteur" in page_text(text)
    assert len(out.splitlines()) == 2  # a summary, then the path


def test_identifier_is_one_more_than_the_highest(kb, base):
    (base / "temoignages" / "autre.md").write_text("---\nidentifiant: T-041\nauteur: A B\n---\n\n# Autre\n\nTexte.\n",
                                                   encoding="utf-8")
    status, out, _err = kb("new", "--titre", "Un titre", "--auteur", "Camille Martin")
    assert status == 0
    assert "identifiant: T-042" in Path(out.splitlines()[-1]).read_text(encoding="utf-8")


def test_never_overwrites(kb, base):
    target = base / "temoignages" / "titre-deja-pris.md"
    target.write_text("le texte d’un autre", encoding="utf-8")
    before = pages(base)
    status, out, err = kb("new", "--titre", "Titre déjà pris", "--auteur", "Camille Martin")
    assert status == 1
    assert out == ""
    assert "temoignages/titre-deja-pris.md existe déjà" in err and "--slug" in err
    assert target.read_text(encoding="utf-8") == "le texte d’un autre"
    assert pages(base) == before


def test_identifier_taken(kb, base):
    before = pages(base)
    status, _out, err = kb("new", "--titre", "Un titre", "--auteur", "Camille Martin", "--identifiant", "T-001")
    assert status == 1
    assert "l’identifiant T-001 est déjà celui de temoignages/meimoun-revolution-digitale-relation.md" in err
    assert "T-002" in err  # the next free one is suggested
    assert pages(base) == before


def test_bad_option_values(kb, base):
    before = pages(base)
    for option, value, expected in (("--date", "03/05/2014", "n’est pas une date ; écrivez-la AAAA-MM-JJ"),
                                    ("--date", "2014-13", "n’est pas une date"),
                                    ("--date", "2014-02-30", "n’est pas une date"),
                                    ("--source", "ftp://exemple.fr/x", "n’est pas une adresse web"),
                                    ("--source", "javascript:alert(1)", "n’est pas une adresse web"),
                                    ("--slug", "Mauvais Nom", "ne convient pas comme nom de page"),
                                    ("--identifiant", "12", "n’est pas un identifiant")):
        status, out, err = kb("new", "--titre", "Un titre", "--auteur", "Camille Martin", option, value)
        assert status == 2, (option, value)
        assert expected in err and out == ""
    assert pages(base) == before


def test_slugs():
    assert slugify("La révolution digitale n’est rien d’autre qu’une refondation de la relation… et c’est tant mieux !") \
        == "revolution-digitale-rien-autre-refondation-relation"
    assert slugify("Œuvrer à l’expérience client") == "oeuvrer-experience-client"
    assert slugify("« ! »") == "temoignage"
    assert len(slugify(" ".join(["anticonstitutionnellement"] * 8))) <= 60


def test_command_line_prints_the_path_last(tmp_path):
    from tests.authoring.helpers import small_base

    base = small_base(tmp_path / "base")
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(base), "new", "--titre", "Un titre",
                             "--auteur", "Camille Martin", "--role", "Directrice"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == str(base / "temoignages" / "titre.md")


def test_messages_follow_french_typography(base, capsys, tmp_path):
    from kbtools.cli import main

    assert main(["--source", str(base), "new", "--titre", "Un titre", "--auteur", "Camille Martin"]) == 0
    out = capsys.readouterr().out
    assert "Créé\u00a0: T-002 «\u00a0Un titre\u00a0» (Camille Martin)\u202f; remplacez" in out
    page = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    assert "# Champs facultatifs\u00a0: retirez «\u00a0#\u00a0» devant" in page
    assert "paragraphe\u202f; puis vérifiez la page avec «\u00a0make check\u00a0»." in page
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF")
    assert main(["--source", str(base), "import", str(source)]) == 1
    assert "type de fichier inconnu «\u00a0.pdf\u00a0»\u202f; formats acceptés\u00a0: .docx" in capsys.readouterr().err
