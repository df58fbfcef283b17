"""Long lists in pages, where they stand: the authors index and « Qui cite
quoi » show their first ``kb_index_page_size`` entries, a pager and the range
shown; the books (PDF, EPUB) list every entry."""

from __future__ import annotations

import re
import zipfile

from kb.resolve.pagination import Pagination, folder_beside
from tests.helpers import warnings_of
from tests.helpers.paginated import (
    AUTHORS,
    NEWEST_FIRST,
    ORGANISATIONS,
    between,
    lines,
    names,
    pagers,
    set_page_size,
    with_people,
)

NBSP = "\u00a0"


def test_pages_bounds_and_folders():
    assert [Pagination("a", "a/b", count, 2).total for count in (0, 1, 2, 3, 9)] == [1, 1, 1, 2, 5]
    assert Pagination("a", "a/b", 9, 0).total == 1  # 0: everything on page 1
    nine = Pagination("auteurs", "auteurs/personnes", 9, 2)
    assert [nine.bounds(page) for page in (1, 4, 5)] == [(1, 2), (7, 8), (9, 9)]
    assert nine.slice(list("abcdefghi"), 5) == ["i"] and nine.slice(list("abcdefghi"), 2) == ["c", "d"]
    assert [nine.pagename(page) for page in (1, 2)] == ["auteurs", "auteurs/personnes/2"]
    assert folder_beside("auteurs", "personnes") == "auteurs/personnes"
    assert folder_beside("apropos/index", "personnes") == "apropos/personnes"
    assert folder_beside("index", "qui-cite-quoi") == "qui-cite-quoi"


def test_index_shows_the_first_names_of_each_list_then_a_pager(copy_root, build):
    app = build(with_people(copy_root("kb")))
    assert warnings_of(app) == ""
    page = (app.outdir / "auteurs.html").read_text()
    authors = between(page, 'id="liste-des-auteurs"', 'id="liste-des-organisations"')
    organisations = between(page, 'id="liste-des-organisations"')
    assert names(authors) == AUTHORS[:2] and names(organisations) == ORGANISATIONS[:2]
    # Each list's pager: page 1 of 5 (authors), of 3 (organisations), to pages beside the index.
    [pager] = pagers(authors)
    assert f'Page 1 sur 5{NBSP}: <strong aria-current="page">1</strong> ' in pager
    assert re.findall(r'href="([^"]+)"', pager) == [*(f"auteurs/personnes/{n}.html" for n in range(2, 6)),
                                                    "auteurs/personnes/2.html"]
    assert pager.rstrip().endswith(">Suivante</a></p>") and "Précédente" not in pager
    [pager] = pagers(organisations)
    assert 'href="auteurs/organisations/3.html">3</a>' in pager and "auteurs/organisations/4" not in pager
    # Under each pager, the range shown.
    assert '</nav>\n<p class="kb-pages-etendue">Noms 1 à 2 sur 9</p>' in authors
    assert '</nav>\n<p class="kb-pages-etendue">Noms 1 à 2 sur 5</p>' in organisations


def test_map_shows_the_newest_testimonials_then_a_pager(copy_root, build):
    app = build(with_people(copy_root("kb")))
    page = (app.outdir / "carte.html").read_text()
    who = between(page, 'id="qui-cite-quoi"', "Télécharger le graphe")
    assert lines(who) == NEWEST_FIRST[:2]
    assert f"— thèses{NBSP}: 22\u202f; termes{NBSP}: Relation client</p>" in who  # French spacing
    [pager] = pagers(who)
    assert f"Page 1 sur 5{NBSP}: " in pager and 'href="carte/qui-cite-quoi/5.html">5</a>' in pager
    assert '<p class="kb-pages-etendue">Témoignages 1 à 2 sur 9</p>' in who


def test_an_organisation_lists_its_newest_testimonials_then_links_to_all(copy_root, build):
    """An organisation gathers ever more testimonials: on the web it shows its
    newest ``kb_index_testimonials_limit``, then links to its facet page."""
    srcdir = with_people(copy_root("kb"), size=9)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + "kb_index_testimonials_limit = 1\n")
    app = build(srcdir)
    page = (app.outdir / "auteurs.html").read_text()
    school = between(page, "<dt>École Nouvelle</dt>", "</dd>")
    assert re.findall(r'href="([^"]+)"', school) == ["temoignages/p303.html",  # 2023-04, not p300 (2023-01)
                                                     "temoignages/facettes/organisations/ecole-nouvelle.html"]
    assert "… et <a" in school and ">1 autre témoignage</a>" in school
    assert (app.outdir / "temoignages" / "facettes" / "organisations" / "ecole-nouvelle.html").is_file()
    # A person is not cut; the books list everything.
    assert "autre témoignage" not in between(page, 'id="liste-des-auteurs"', 'id="liste-des-organisations"')
    tex = next(build(srcdir, "latex").outdir.glob("*.tex")).read_text()
    school = between(tex, r"\sphinxlineitem{École Nouvelle}", r"\end{itemize}")
    assert "temoignages/p300::doc" in school and "temoignages/p303::doc" in school and "autre" not in school


def test_one_page_has_no_pager_and_zero_means_all(copy_root, build):
    srcdir = with_people(copy_root("kb"), size=9)
    app = build(srcdir)
    for name in ("auteurs.html", "carte.html"):
        page = (app.outdir / name).read_text()
        assert "kb-pages" not in page and "Noms " not in page
    assert names((app.outdir / "auteurs.html").read_text()) == AUTHORS + ORGANISATIONS
    assert not (app.outdir / "auteurs").exists() and not (app.outdir / "carte").exists()
    set_page_size(srcdir, 0)
    app = build(srcdir)
    assert names((app.outdir / "auteurs.html").read_text()) == AUTHORS + ORGANISATIONS
    carte = (app.outdir / "carte.html").read_text()
    assert lines(carte) == NEWEST_FIRST
    # Terms in French order: « Écosystème » among the E's, not after the Z's.
    assert f"alpha</span></a> — thèses{NBSP}: 22\u202f; termes{NBSP}: Écosystème, Relation client</p>" in carte


def test_books_list_every_name_and_testimonial(copy_root, build):
    """The PDF and the EPUB have no pages 2…: the index and the map list everything."""
    srcdir = with_people(copy_root("kb"))
    latex = build(srcdir, "latex")
    tex = next(latex.outdir.glob("*.tex")).read_text()
    index = between(tex, r"\label{\detokenize{auteurs::doc}}", r"\label{\detokenize{temoignages/index::doc}}")
    shown = re.findall(r"\\sphinxlineitem\{(.*?)\}", index)
    assert shown == AUTHORS + ORGANISATIONS
    who = tex[tex.index("Qui cite quoi"):]
    assert all(title in who for title in NEWEST_FIRST)
    assert "Page 1 sur" not in tex and "Noms 1" not in tex and "kb-pages" not in tex
    epub = build(srcdir, "epub")
    with zipfile.ZipFile(next(epub.outdir.glob("*.epub"))) as book:
        index = book.read("auteurs.xhtml").decode("utf-8")
        carte = book.read("carte.xhtml").decode("utf-8")
        assert not [name for name in book.namelist() if "personnes" in name or "qui-cite-quoi" in name]
    assert names(index) == AUTHORS + ORGANISATIONS and "kb-pages" not in index
    assert lines(carte) == NEWEST_FIRST and "kb-pages" not in carte
