"""The ``these`` role and directive, on a tiny synthetic root."""

from __future__ import annotations

import re

import pytest

from tests.helpers import warnings_of


def test_role_links_to_the_thesis_anchor(copy_root, build):
    app = build(copy_root("kb"))
    assert warnings_of(app) == ""
    page = (app.outdir / "temoignages" / "alpha.html").read_text()
    links = re.findall(r'<a class="kb-these-ref reference internal" href="([^"]+)"[^>]*>'
                       r'<span class="xref kb-these"[^>]*>([^<]+)</span>', page)
    assert ("../theses.html#these-22", "thèse 22") in links
    theses = (app.outdir / "theses.html").read_text()
    for number in (1, 22, 95):
        assert f'id="these-{number}"' in theses


def test_explicit_title(copy_root, build):
    app = build(copy_root("kb"))
    page = (app.outdir / "temoignages" / "beta.html").read_text()
    assert re.search(r'href="../theses.html#these-1"[^>]*><span class="xref kb-these"[^>]*>thèse première<', page)


@pytest.mark.parametrize("bad", ["0", "96", "abc", "-1", "22a", "vingt-deux"])
def test_invalid_thesis_number_fails_with_file_and_line(copy_root, build, bad):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-903\nauteur: Synthétique\n---\n\n# Gamma\n\n"
        f"Une phrase.\n\nLa {{these}}`{bad}` n’existe pas.\n",
        encoding="utf-8",
    )
    app = build(srcdir)
    warnings = warnings_of(app)
    assert re.search(rf"temoignages/gamma\.md:10: WARNING: numéro de thèse invalide : « {re.escape(bad)} »", warnings)
    assert "[kb.thesis-number]" in warnings
    assert "1 à 95" in warnings


def test_thesis_defined_twice(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "theses.md").write_text(
        (srcdir / "theses.md").read_text() + "\n:::{these} 22\n:titre: Encore\nDoublon.\n:::\n"
    )
    warnings = warnings_of(build(srcdir))
    assert re.search(r"theses\.md:\d+: WARNING: la thèse 22 est déjà définie dans .*theses\.md:8", warnings)
    assert "[kb.thesis-duplicate]" in warnings


def test_undefined_thesis_is_a_dangling_reference(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-903\nauteur: Synthétique\n---\n\n# Gamma\n\nCite la {these}`40`.\n",
        encoding="utf-8",
    )
    warnings = warnings_of(build(srcdir, confoverrides={"nitpicky": True}))
    assert re.search(r"temoignages/gamma\.md:8: WARNING: la thèse 40 n’est définie sur aucune page", warnings)


def test_unknown_glossary_term_fails_with_file_and_line(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "gamma.md").write_text(
        "---\nidentifiant: T-903\nauteur: Synthétique\n---\n\n# Gamma\n\nUn {term}`ecosysteme`.\n",
        encoding="utf-8",
    )
    warnings = warnings_of(build(srcdir))
    assert ("temoignages/gamma.md:8: WARNING: terme absent du glossaire : « ecosysteme » "
            "(vouliez-vous dire « Écosystème » ?)") in warnings
    assert "[kb.unknown-term]" in warnings


def test_anchor_taken_before_a_thesis(copy_root, build):
    srcdir = copy_root("kb")
    theses = srcdir / "theses.md"
    theses.write_text(theses.read_text().replace(":::{these} 22", "(these-22)=\n## Intrus\n\n:::{these} 22"))
    warnings = warnings_of(build(srcdir))
    assert re.search(r"theses\.md:\d+: WARNING: l’ancre « these-22 » existe déjà sur cette page", warnings)
