"""The front-matter schema: one function for the build and the command line."""

from __future__ import annotations

import json
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


# --- a front matter never expands, and a message never echoes more than a line (issue 17) ---------------

def test_alias_bomb_is_refused_at_its_first_anchor_without_expanding():
    """In a child process with a time and memory limit: expanding the bomb takes minutes and gigabytes."""
    from tests.helpers.budget import run_limited

    code = ("import json; from kb.core.frontmatter import parse_front_matter; from tests.helpers.hostile import alias_bomb;"
            "print(json.dumps([[p.line, p.message] for p in parse_front_matter(alias_bomb(), []).problems]))")
    run = run_limited([sys.executable, "-c", code], cwd=ROOT, timeout=10)
    assert run.returncode == 0 and run.seconds < 2, (run.describe(), run.stderr[-2000:])
    assert json.loads(run.stdout) == [[4, "ancre YAML « &a0 » refusée : les ancres (« &nom ») et les alias (« *nom ») "
                                          "sont interdits dans l’en-tête ; écrivez chaque valeur en entier (YAML anchors "
                                          "and aliases are not allowed)"]]


@pytest.mark.parametrize(("extra", "line", "quoted"), [
    ("resume: *inconnu\n", 4, "alias YAML « *inconnu » refusé"),  # an alias to nothing is refused too
    ("role: &r Directrice\norganisation: *r\n", 4, "ancre YAML « &r » refusée"),
    ("themes: [&t écosystème]\n", 4, "ancre YAML « &t » refusée"),
])
def test_anchors_and_aliases_are_refused_with_their_line(extra, line, quoted):
    text = f"---\nidentifiant: T-001\nauteur: X\n{extra}---\n\n# T\n"
    [(found_line, message)] = messages(text)
    assert (found_line, message.split(" : ")[0]) == (line, quoted)


def test_a_long_value_is_quoted_on_one_short_line():
    value = "x" * 10_000
    text = f"---\nidentifiant: {value}\nauteur: [{', '.join(['Personne'] * 2000)}]\ndate: {'2014 ' * 2000}\n---\n"
    problems = messages(text)
    assert [line for line, _ in problems] == [2, 3, 4]
    for _, message in problems:
        assert "\n" not in message and len(message) < 250, message
        assert "…" in message
    assert "« " + "x" * 79 + "… » ne convient pas" in problems[0][1]


def test_a_field_name_that_is_not_a_word_is_an_error_not_a_crash():
    assert messages("---\nidentifiant: T-001\nauteur: X\n? [a, b]\n: c\n---\n") == [
        (4, "un nom de champ est un mot, comme « auteur » ; écrivez « nom: valeur » (a field name must be a plain word)")]


def test_shorten():
    from kb.core.french import shorten

    assert shorten("court") == "court"
    assert shorten("deux\n  lignes") == "deux lignes"
    assert shorten("a" * 80) == "a" * 80
    assert shorten("a" * 81) == "a" * 79 + "…"
    cut = shorten("mot " * 1000)
    assert len(cut) <= 80 and cut.endswith("mot…")
    assert shorten(list(range(10**6))) == "[0, 1, 2, 3, 4, 5, …]"  # abbreviated before it is turned into text
