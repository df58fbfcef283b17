"""Catalog, facets, permanent addresses, the authors' index and the author guide's example."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.helpers import ROOT, warnings_of
from tests.helpers.builds import SYNTHETIC, build_tracking, clean_build, pages


def facet(outdir: Path, folder: str, value: str) -> str:
    return (outdir / "temoignages" / "facettes" / folder / f"{value}.html").read_text()


def test_catalog_cards_newest_first_and_facet_pages(copy_root, build):
    app = build(copy_root("kb"))
    assert warnings_of(app) == ""
    home = (app.outdir / "index.html").read_text()
    # beta is dated 2021, alpha 2020-05-01: newest first.
    assert home.index('href="temoignages/beta.html"') < home.index('href="temoignages/alpha.html"')
    catalog = (app.outdir / "temoignages" / "index.html").read_text()
    assert re.search(r'<a class="kb-chip" href="facettes/themes/relation-client.html" '
                     r'data-facette="theme" data-valeur="relation-client">relation client '
                     r'<span class="kb-chip-nombre">1</span></a>', catalog)
    page = facet(app.outdir, "themes", "relation-client")
    assert "Thème : relation client" in page and 'href="../../alpha.html"' in page
    assert 'href="../../beta.html"' not in page
    assert 'href="../../alpha.html"' in facet(app.outdir, "organisations", "organisation-fictive")
    theses = facet(app.outdir, "theses", "22")
    assert "Thèse 22 citée" in theses and "1 témoignage," in theses


def test_facets_follow_add_edit_delete_without_clean_build(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    folder = srcdir / "temoignages"
    (folder / "gamma.md").write_text(SYNTHETIC.format(n=7, day=7, thesis=22).replace(
        "date: 2022-01-07\n", "date: 2022-01-07\nthemes: [écosystème]\n"))
    beta = folder / "beta.md"
    beta.write_text(beta.read_text().replace("date: 2021\n", "date: 2021\nthemes: [relation client]\n"))
    (folder / "alpha.md").unlink()
    app, _, _ = build_tracking(make_app, srcdir)
    assert warnings_of(app) == ""
    relation = facet(app.outdir, "themes", "relation-client")
    assert 'href="../../beta.html"' in relation and "alpha.html" not in relation
    assert 'href="../../gamma.html"' in facet(app.outdir, "themes", "ecosysteme")
    # alpha was the only testimonial of its organisation: that page is gone.
    assert not (app.outdir / "temoignages" / "facettes" / "organisations" / "organisation-fictive.html").exists()
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_permalink_and_renamed_testimonial(copy_root, make_app):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    beta = srcdir / "temoignages" / "beta.md"
    text = beta.read_text().replace("date: 2021\n", "date: 2021\nanciennes_adresses: [temoignages/beta]\n")
    (srcdir / "temoignages" / "beta-renomme.md").write_text(text)
    beta.unlink()
    app, _, _ = build_tracking(make_app, srcdir)
    assert warnings_of(app) == ""
    old = (app.outdir / "temoignages" / "beta.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=beta-renomme.html">' in old
    short = (app.outdir / "t" / "T-902.html").read_text()
    assert 'url=../temoignages/beta-renomme.html"' in short
    renamed = (app.outdir / "temoignages" / "beta-renomme.html").read_text()
    assert re.search(r'Lien permanent : </strong><a class="kb-permalien reference external" href="../t/T-902.html"',
                     renamed)


def test_old_address_that_is_a_current_page_is_an_error(copy_root, build):
    srcdir = copy_root("kb")
    beta = srcdir / "temoignages" / "beta.md"
    beta.write_text(beta.read_text().replace("date: 2021\n", "date: 2021\nanciennes_adresses: [temoignages/alpha]\n"))
    warnings = warnings_of(build(srcdir))
    assert re.search(r"beta\.md:5: WARNING: « temoignages/alpha » est une page existante", warnings)


def test_duplicate_slug_in_two_folders(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "archives").mkdir()
    (srcdir / "temoignages" / "archives" / "alpha.md").write_text(SYNTHETIC.format(n=8, day=8, thesis=1))
    warnings = warnings_of(build(srcdir))
    assert re.search(r"archives/alpha\.md:1: WARNING: le nom de fichier « alpha » est déjà celui de", warnings)


def test_authors_index(copy_root, build):
    app = build(copy_root("kb"))
    page = (app.outdir / "auteurs.html").read_text()
    authors = page[page.index("Auteurs</p>"):page.index("Organisations</p>")]
    assert authors.index("Autrice Synthétique Alpha") < authors.index("Auteur Synthétique Bêta") or \
        authors.index("Auteur Synthétique Bêta") < authors.index("Autrice Synthétique Alpha")
    assert "Organisation Fictive" in page[page.index("Organisations</p>"):]


def test_author_guide_example_builds_strictly(copy_root, build):
    srcdir = copy_root("kb")
    shutil.copyfile(ROOT / "exemples" / "temoignage.md", srcdir / "temoignages" / "exemple.md")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('kb_themes = ["relation client", "écosystème"]',
                                             'kb_themes = ["relation client", "écosystème", "réseaux sociaux"]'))
    app = build(srcdir)
    assert warnings_of(app) == ""
    page = (app.outdir / "temoignages" / "exemple.html").read_text()
    for shown in ("Camille Exemple", "Fonction de l’exemple", "Organisation fictive", "mars 2024",
                  "https://intranet.example/publications/exemple", "relation client, réseaux sociaux",
                  "Un témoignage fictif"):
        assert shown in page, shown


def test_no_organisation_and_no_testimonial_still_build_a_pdf(copy_root, build):
    srcdir = copy_root("kb")
    for name in ("alpha", "beta"):
        (srcdir / "temoignages" / f"{name}.md").unlink()
    (srcdir / "temoignages" / "gamma.md").write_text(SYNTHETIC.format(n=3, day=3, thesis=1))
    app = build(srcdir, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "\\begin{description}\n\\end{description}" not in tex
    assert "Aucune pour l’instant." in tex


def search_filters(outdir: Path) -> dict:
    text = (outdir / "_static" / "kb-recherche-donnees.js").read_text()
    return json.loads(text.removeprefix("window.kbRecherche = ").removesuffix(";\n"))


def test_search_filters_follow_add_edit_delete(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    app, _, _ = build_tracking(make_app, srcdir)
    before = search_filters(app.outdir)["pages"]
    assert before["temoignages/alpha"][0] == "temoignage" and before["theses"] == ["these", [], ""]
    assert before["glossaire"][0] == "glossaire" and before["index"][0] == "page"
    assert 'kb-recherche.js' in (app.outdir / "search.html").read_text()
    assert 'kb-recherche.js' not in (app.outdir / "index.html").read_text()
    folder = srcdir / "temoignages"
    (folder / "gamma.md").write_text(SYNTHETIC.format(n=7, day=7, thesis=22).replace(
        "date: 2022-01-07\n", "date: 2022-01-07\norganisation: Org G\nthemes: [écosystème]\n"))
    (folder / "alpha.md").unlink()
    app, _, _ = build_tracking(make_app, srcdir)
    after = search_filters(app.outdir)
    assert after["pages"]["temoignages/gamma"] == ["temoignage", ["écosystème"], "Org G"]
    assert "temoignages/alpha" not in after["pages"]
    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=clean)
    fresh.build()
    assert search_filters(fresh.outdir) == after


def test_home_page_shows_the_newest_and_links_to_all(copy_root, build):
    srcdir = copy_root("kb")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("```{temoignages}\n```", "```{temoignages}\n:limite: 1\n```"))
    app = build(srcdir)
    assert warnings_of(app) == ""
    home = (app.outdir / "index.html").read_text()
    cards = re.findall(r'<a class="sd-stretched-link[^"]*" href="([^"]+)"', home)
    assert cards == ["temoignages/beta.html"], cards
    assert re.search(r'<p class="kb-catalogue-suite"><a class="reference internal" href="temoignages/index.html">'
                     r"Tous les 2 témoignages</a></p>", home)
