"""Counts and dates in French on a base of more than 999 testimonials:
« 1 000 témoignages » (digits grouped by a narrow no-break space), « 1er mars 2024 »."""

from __future__ import annotations

from tests.helpers import warnings_of

N = 1000
PAGE = """---
identifiant: T-{n:04d}
auteur: Personne Synthétique {n}
organisation: Organisation synthétique
date: 2024-03-{day:02d}
---

# Témoignage synthétique numéro {n}

Un texte synthétique qui cite la {{these}}`22`.
"""


def test_counts_and_dates_are_french_above_999(copy_root, make_app):
    srcdir = copy_root("kb")
    (srcdir / "index.md").write_text((srcdir / "index.md").read_text().replace("```{temoignages}\n```",
                                                                               "```{temoignages}\n:limite: 3\n```"))
    for n in range(N):
        (srcdir / "temoignages" / f"s{n:04d}.md").write_text(PAGE.format(n=n + 1000, day=n % 28 + 1))
    app = make_app("html", srcdir=srcdir, parallel=2)
    app.build()
    assert warnings_of(app) == ""
    out = app.outdir
    nnbsp = "\u202f"
    home = (out / "index.html").read_text()
    assert f"Tous les 1{nnbsp}002 témoignages" in home
    facet = (out / "temoignages" / "facettes" / "organisations" / "organisation-synthetique.html").read_text()
    assert f"1{nnbsp}000 témoignages, du plus récent au plus ancien." in facet
    assert "(1er mars 2024)" in facet and "(28 mars 2024)" in facet
    catalog = (out / "temoignages" / "index.html").read_text()
    assert f'<span class="kb-chip-nombre">1{nnbsp}000</span>' in catalog
    theses = (out / "theses.html").read_text()
    assert f"Les 1{nnbsp}001 témoignages qui citent la thèse 22" in theses
    carte = (out / "carte.html").read_text()
    assert f"1{nnbsp}002 témoignages, 1{nnbsp}0" in carte
