"""The front-matter schema: one function for the build and the command line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kb.core.frontmatter import parse_front_matter
from kbtools.project import read_conf
from tests.helpers import ROOT, warnings_of

THEMES = ["relation client", "écosystème"]
VALID = "---\nidentifiant: T-001\nauteur: Personne Synthétique\ndate: 2014-05-03\nthemes: [écosystème]\n---\n\n# Titre\n"


def messages(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in parse_front_matter(text, THEMES).problems]


def test_the_real_testimonials_pass():
    themes = read_conf(ROOT)["kb_themes"]
    paths = [p for p in (ROOT / "temoignages").glob("*.md") if p.name != "index.md"]
    assert paths
    for path in paths:
        assert parse_front_matter(path.read_text(encoding="utf-8"), themes).problems == [], path


def test_valid_front_matter_gives_typed_data():
    front = parse_front_matter(VALID, THEMES)
    assert front.problems == []
    assert front.data == {"identifiant": "T-001", "auteur": "Personne Synthétique",
                          "date": "2014-05-03", "themes": ["écosystème"]}
    assert front.lines["date"] == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Pas d’en-tête\n",
         [(1, "le témoignage n’a pas d’en-tête YAML ; commencez le fichier par « --- », les champs "
              "(identifiant, auteur…), puis « --- » (missing front matter)")]),
        ("---\nidentifiant: T-001\nauteur: X\n",
         [(1, "l’en-tête YAML ouvert par « --- » n’est jamais fermé ; ajoutez une ligne « --- » après "
              "le dernier champ (front matter is not closed)")]),
        ("---\nidentifiant: T-001\nauteur: [X\n---\n",
         [(3, "YAML mal formé : expected ',' or ']', but got '<stream end>' ; vérifiez l’indentation, "
              "les deux-points et les guillemets (malformed YAML)")]),
        ("---\nidentifiant: T-001\n---\n",
         [(1, "champ obligatoire manquant : « auteur » (Prénom et nom de la personne qui témoigne.) ; "
              "ajoutez une ligne « auteur: … » dans l’en-tête")]),
        ("---\nidentifiant: T-001\nauteur: 42\n---\n",
         [(3, "champ « auteur » : « 42 » (int) ne convient pas ; attendu : un texte sur une ligne")]),
        ("---\nidentifiant: T-001\nauteur: X\ndate: 2014-13-45\n---\n",
         [(4, "champ « date » : « 2014-13-45 » n’est pas une date valide ; "
              "attendu : une date AAAA-MM-JJ, AAAA-MM ou AAAA")]),
        ("---\nidentifiant: T-001\nauteur: X\ndate: il y a 15 ans\n---\n",
         [(4, "champ « date » : « il y a 15 ans » n’est pas une date valide ; "
              "attendu : une date AAAA-MM-JJ, AAAA-MM ou AAAA")]),
        ("---\nidentifiant: T-001\nauteur: X\nthemes: [ecosysteme]\n---\n",
         [(4, "champ « themes » : thème inconnu : « ecosysteme » (vouliez-vous dire « écosystème » ?) ; "
              "thèmes connus : relation client, écosystème")]),
        ("---\nidentifiant: T-001\nauteur: X\nautuer: Y\n---\n",
         [(4, "champ inconnu « autuer » ; vouliez-vous dire « auteur » ? (champs connus : identifiant, "
              "auteur, role, organisation, date, source, themes, resume, anciennes_adresses)")]),
        ("---\nidentifiant: 1\nauteur: X\n---\n",
         [(2, "champ « identifiant » : « 1 » (int) ne convient pas ; attendu : un identifiant de la forme T-001")]),
        ("---\nidentifiant: T-001\nauteur: X\nauteur: Y\n---\n",
         [(4, "le champ « auteur » apparaît deux fois (déjà ligne 3) ; gardez-en un seul")]),
        ("---\nidentifiant: T-001\nauteur: X\nsource: quelque part\n---\n",
         [(4, "champ « source » : « quelque part » ne convient pas ; "
              "attendu : une adresse web commençant par https:// ou http://")]),
    ],
)
def test_each_violation_has_its_message_and_line(text, expected):
    assert messages(text) == expected


def test_build_reports_front_matter_errors_with_file_and_line(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-903\nauteur: Synthétique\ndate: demain\n---\n\n# Gamma\n", encoding="utf-8")
    warnings = warnings_of(build(srcdir))
    assert re.search(r"temoignages/gamma\.md:4: WARNING: champ « date » : « demain » n’est pas une date "
                     r"valide .* \[kb\.front-matter\]", warnings)


def test_duplicate_identifier(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-901\nauteur: Synthétique\n---\n\n# Gamma\n", encoding="utf-8")
    warnings = warnings_of(build(srcdir))
    assert re.search(r"temoignages/gamma\.md:2: WARNING: l’identifiant T-901 est déjà celui de .*alpha\.md",
                     warnings)


def test_command_line_prints_the_same_message(copy_root):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-903\nauteur: Synthétique\ndate: demain\n---\n\n# Gamma\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(srcdir), "check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert ("temoignages/gamma.md:4: champ « date » : « demain » n’est pas une date valide ; "
            "attendu : une date AAAA-MM-JJ, AAAA-MM ou AAAA") in result.stdout


def test_blank_front_matter_keeps_every_line_number():
    from kb.core.frontmatter import blank_front_matter

    text = "\ufeff---\nauteur: A\nthemes:\n  - x\n---\n# Titre\n\nTexte {these}`22`\n"
    blanked = blank_front_matter(text)
    assert blanked == "\ufeff---\n{}\n\n\n---\n# Titre\n\nTexte {these}`22`\n"
    assert blank_front_matter("# Pas d’en-tête\n") == "# Pas d’en-tête\n"
    assert blank_front_matter("---\n---\n# T\n") == "---\n---\n# T\n"
