"""``python -m kb import`` on plain text: the real seed, the sample, bad text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.core.frontmatter import parse_front_matter
from kbtools.authoring.metadata import Byline, parse_byline, person_name
from kbtools.project import read_conf
from tests.authoring.helpers import (
    AUTHOR,
    BYLINE,
    ORGANISATION,
    ROLE,
    TITLE,
    all_sentences,
    assert_in_order,
    front_and_body,
    page_text,
    pages,
    squash,
    write_txt,
)
from tests.helpers.site import SEED, seed_paragraphs


def imported(out: str) -> tuple[Path, str]:
    path = Path(out.splitlines()[-1])
    return path, path.read_text(encoding="utf-8")


def test_the_seed(kb, base, tmp_path):
    source = tmp_path / "temoignage.txt"
    shutil.copyfile(SEED, source)
    status, out, err = kb("import", source)
    assert status == 0, err
    assert err == ""
    path, text = imported(out)
    assert path == base / "temoignages" / "revolution-digitale-rien-autre-refondation-relation.md"
    result = parse_front_matter(text, read_conf(base)["kb_themes"])
    assert result.problems == []
    assert result.data == {"identifiant": "T-002", "auteur": "Denis Meimoun",
                           "role": "Responsable de la transformation digitale", "organisation": "GAN Assurances"}
    front, body = front_and_body(text)
    assert "\ndate:" not in front and "\nsource:" not in front  # unknown: not invented
    title, byline, paragraphs = seed_paragraphs()
    # The title as written (its no-break space included)…
    assert body.startswith(f"\n# {title}\n")
    assert title.replace("\u00a0", " ") == ("La révolution digitale n’est rien d’autre qu’une refondation de la "
                                            "relation… et c’est tant mieux !")
    rendered = page_text(text)
    # …then every paragraph, whole, word for word and in order; nothing else.
    blocks = [squash(b) for b in rendered.split("\n\n")]
    assert blocks == [squash(title), *[squash(p) for p in paragraphs]]
    assert "Par Denis MEIMOUN" not in text and byline not in rendered
    for residue in ("Sélectionner une page", "Témoignage"):
        assert residue not in blocks
    assert "\n\u00a0\n" not in text


def test_sample_text(kb, base, tmp_path):
    status, out, err = kb("import", write_txt(tmp_path / "recit.txt"))
    assert status == 0, err
    _path, text = imported(out)
    result = parse_front_matter(text, read_conf(base)["kb_themes"])
    assert result.problems == []
    assert (result.data["auteur"], result.data["role"], result.data["organisation"]) == (AUTHOR, ROLE, ORGANISATION)
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE
    assert_in_order(all_sentences(rich=False), rendered)
    assert "Sélectionner une page" not in rendered and "\nTémoignage\n" not in rendered
    assert BYLINE not in rendered
    assert "Importé : T-002 « " in out and "auteur, rôle, organisation (signature)" in out


def test_a_line_above_the_title_is_kept_and_reported(kb, tmp_path):
    source = tmp_path / "recit.txt"
    source.write_text(f"Transformation digitale\n\n{TITLE}\n\n{BYLINE}\n\n" + "Le texte de l’auteur, tel quel. " * 5,
                      encoding="utf-8")
    status, out, err = kb("import", source)
    assert status == 0
    assert f"{source}:1: « Transformation digitale » se trouve avant le titre" in err
    rendered = page_text(imported(out)[1])
    assert rendered.splitlines()[0] == TITLE
    assert rendered.split("\n\n")[1] == "Transformation digitale"


@pytest.mark.parametrize(("text", "expected"), [
    ("Par Denis MEIMOUN –\u00a0Responsable de la transformation digitale – GAN Assurances",
     Byline("Denis Meimoun", "Responsable de la transformation digitale", "GAN Assurances")),
    ("Par Jean-Pierre DUPONT-DURAND, Directeur des systèmes d’information, ACME",
     Byline("Jean-Pierre Dupont-Durand", "Directeur des systèmes d’information", "ACME")),
    ("par Charles DE GAULLE - Président - France Libre", Byline("Charles de Gaulle", "Président", "France Libre")),
    ("Par Marie D’ALEMBERT — Directrice digitale chez Orange", Byline("Marie d’Alembert", "Directrice digitale", "Orange")),
    ("Par Jean DE LA FONTAINE", Byline("Jean de La Fontaine")),
    ("Auteur : Sophie Martin, Banque Populaire", Byline("Sophie Martin", organisation="Banque Populaire")),
    ("Par Anne-Sophie LE GALL – Consultante", Byline("Anne-Sophie Le Gall", "Consultante")),
    ("Propos recueillis par Paul DURAND", None),
    ("Par admin | 3 mai 2014 | Témoignage", None),
    ("Par ailleurs, les entreprises doivent changer.", None),
])
def test_bylines(text, expected):
    assert parse_byline(text) == expected


def test_names_from_properties():
    assert person_name("Denis MEIMOUN") == "Denis Meimoun"
    assert person_name("McDonald O’Brien") == "McDonald O’Brien"  # mixed case is kept
    for generic in ("python-docx", "Utilisateur Windows", "admin", "Microsoft Office User", "denis meimoun", ""):
        assert person_name(generic) is None


def test_not_utf8_names_the_line(kb, base, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Titre\n\nPar Jean MARTIN\n\nUn été très chaud.\n".encode("latin-1"))
    before = pages(base)
    status, out, err = kb("import", source)
    assert status == 1 and out == ""
    assert err.startswith(f"{source}:5: le texte n’est pas en UTF-8 (octet 0xE9, colonne 4)")
    assert "rien n’a été écrit" in err
    assert pages(base) == before


@pytest.mark.parametrize(("content", "message"), [
    (b"", "le fichier est vide"),
    ("\u00a0\n \n\t\n".encode(), "le fichier ne contient aucun texte"),
    (f"{TITLE}\n\n{BYLINE}\n\nTexte <script>alert(1)</script> caché.\n".encode(), ":5: le texte contient du code"),
    (f"{TITLE}\n\n{BYLINE}\n\n<img src=x onerror=alert(1)> caché.\n".encode(), ":5: le texte contient du code"),
    (f"{TITLE}\n\n{BYLINE}\n\n<a href=\"javascript:alert(1)\">x</a>\n".encode(), ":5: le texte contient du code"),
])
def test_bad_text(kb, base, tmp_path, content, message):
    source = tmp_path / "mauvais.txt"
    source.write_bytes(content)
    before = pages(base)
    status, out, err = kb("import", source)
    assert status == 1 and out == ""
    assert str(source) in err and message in err
    assert pages(base) == before


def test_missing_title_and_author_can_be_given(kb, base, tmp_path):
    source = tmp_path / "sans-titre.txt"
    source.write_text("Nous avons appris à écouter nos clients, et cela a tout changé pour nous.\n\n"
                      "Nous leur répondons désormais le jour même, quel que soit le canal qu’ils choisissent.\n",
                      encoding="utf-8")
    status, _out, err = kb("import", source)
    assert status == 1 and "aucun titre trouvé" in err and "--titre" in err
    status, _out, err = kb("import", source, "--titre", "Écouter")
    assert status == 1 and "aucun auteur trouvé" in err and "--auteur" in err
    status, out, err = kb("import", source, "--titre", "Écouter", "--auteur", "Camille Martin", "--date", "2020")
    assert status == 0, err
    data = parse_front_matter(imported(out)[1], read_conf(base)["kb_themes"]).data
    assert (data["auteur"], data["date"]) == ("Camille Martin", "2020")


def test_another_language_needs_the_option(kb, base, tmp_path):
    source = tmp_path / "english.txt"
    source.write_text("Listening to customers\n\nBy John SMITH – Head of digital – Example Bank\n\n"
                      "Digital transformation is not about technology. It is about people, and about the relationship "
                      "between a company and its customers, which has changed for good. We learned it the hard way.\n",
                      encoding="utf-8")
    before = pages(base)
    status, _out, err = kb("import", source, "--auteur", "John Smith")
    assert status == 1
    assert "le texte semble écrit en anglais, pas en français" in err and "--langue-etrangere" in err
    assert pages(base) == before
    status, out, err = kb("import", source, "--auteur", "John Smith", "--langue-etrangere")
    assert status == 0, err
    assert "langue : en" in out
    assert "Digital transformation is not about technology." in page_text(imported(out)[1])
