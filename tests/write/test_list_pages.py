"""The pages 2… of the authors index and of « Qui cite quoi »: each entry on
exactly one page, titles that say where the reader is, a pager whose links
all lead somewhere, and incremental builds equal to a clean build."""

from __future__ import annotations

import re

from tests.helpers import warnings_of
from tests.helpers.builds import clean_build, pages
from tests.helpers.paginated import (
    AUTHORS,
    NEWEST_FIRST,
    ORGANISATIONS,
    add_testimonial,
    between,
    broken_links,
    h1,
    lines,
    names,
    pagers,
    set_page_size,
    with_people,
)

NBSP = "\u00a0"


def generated(outdir, folder: str) -> list[str]:
    return sorted(p.relative_to(outdir).as_posix() for p in (outdir / folder).glob("*.html"))


def test_every_name_on_exactly_one_page_of_its_list(copy_root, build):
    app = build(with_people(copy_root("kb")))
    assert warnings_of(app) == ""
    out = app.outdir
    index = (out / "auteurs.html").read_text()
    for title, folder, expected, total, anchor in (
            ("Auteurs", "auteurs/personnes", AUTHORS, 5, "liste-des-auteurs"),
            ("Organisations", "auteurs/organisations", ORGANISATIONS, 3, "liste-des-organisations")):
        assert generated(out, folder) == [f"{folder}/{n}.html" for n in range(2, total + 1)]
        first = between(index, f'id="{anchor}"', 'id="liste-des-organisations"' if title == "Auteurs" else None)
        shown = [names(first)]
        for n in range(2, total + 1):
            page = (out / folder / f"{n}.html").read_text()
            assert h1(page) == f"{title} — page {n} sur {total}"
            assert f"<title>{title} — page {n} sur {total}" in page
            # The lead links back to the index's list; the pager to every other page.
            assert re.search(rf'Suite de l’index <a [^>]*href="\.\./\.\./auteurs\.html#{anchor}">Auteurs</a>'
                             rf"{NBSP}: ", page)
            [pager] = pagers(page)
            assert f'Page {n} sur {total}{NBSP}: ' in pager and f'<strong aria-current="page">{n}</strong>' in pager
            assert broken_links(out, f"{folder}/{n}.html", pager) == []
            assert ">Précédente</a>" in pager and (">Suivante</a>" in pager) == (n < total)
            assert f'href="../../auteurs.html#{anchor}">1</a>' in pager
            last = min(2 * n, len(expected))
            assert (f"Noms {2 * n - 1} à {last} sur {len(expected)}" if last > 2 * n - 1
                    else f"Nom {last} sur {len(expected)}") in page
            shown.append(names(page))
        assert shown == [expected[i:i + 2] for i in range(0, len(expected), 2)]
    assert broken_links(out, "auteurs.html", "".join(pagers(index))) == []
    # A name's testimonials follow it to its page, with links that work from there.
    school = (out / "auteurs" / "organisations" / "2.html").read_text()
    school = between(school, "<dt>École Nouvelle</dt>", "</dd>")
    assert re.findall(r'href="([^"]+)"', school) == ["../../temoignages/p300.html", "../../temoignages/p303.html"]
    assert all((out / "auteurs" / "organisations" / href).is_file() for href in re.findall(r'href="([^"]+)"', school))


def test_every_testimonial_on_exactly_one_page_of_who_cites_what(copy_root, build):
    app = build(with_people(copy_root("kb")))
    out = app.outdir
    assert generated(out, "carte/qui-cite-quoi") == [f"carte/qui-cite-quoi/{n}.html" for n in range(2, 6)]
    shown = [lines((out / "carte.html").read_text())]
    for n in range(2, 6):
        page = (out / "carte" / "qui-cite-quoi" / f"{n}.html").read_text()
        assert h1(page) == f"Qui cite quoi — page {n} sur 5"
        assert 'Suite de la page <a class="reference internal" href="../../carte.html#qui-cite-quoi"' in page
        [pager] = pagers(page)
        assert broken_links(out, f"carte/qui-cite-quoi/{n}.html", pager) == []
        assert re.findall(r'href="(\.\./\.\./temoignages/[^"]+)"', between(page, '<ul class="kb-qui-cite-quoi'))
        shown.append(lines(page))
        for href in re.findall(r'href="(\.\./\.\./temoignages/[^"]+)"', page):
            assert (out / "carte" / "qui-cite-quoi" / href).is_file()
    assert shown == [NEWEST_FIRST[i:i + 2] for i in range(0, 9, 2)]


def test_pages_follow_additions_and_removals_as_a_clean_build(copy_root, make_app, tmp_path):
    srcdir = with_people(copy_root("kb"))

    def build():
        app = make_app("html", srcdir=srcdir)
        app.build()
        app.cleanup()
        return app.outdir

    out = build()
    assert len(generated(out, "auteurs/personnes")) == 4
    # Two more people: a sixth page of authors, a fourth of organisations, a sixth of the map.
    add_testimonial(srcdir, 400, "Hélène Huet", "Zèbre & Cie", "2024-01-01")
    add_testimonial(srcdir, 401, "Igor Ivanov", "Agence Nouvelle", "2024-02-01")
    out = build()
    assert generated(out, "auteurs/personnes")[-1] == "auteurs/personnes/6.html"
    assert h1((out / "auteurs" / "personnes" / "2.html").read_text()) == "Auteurs — page 2 sur 6"
    assert names((out / "auteurs" / "personnes" / "5.html").read_text()) == ["Hélène Huet", "Igor Ivanov"]
    assert names(between((out / "auteurs.html").read_text(), 'id="liste-des-organisations"')) == [
        "Agence Nouvelle", "Atelier Zéro"]
    assert lines((out / "carte.html").read_text()) == ["Témoignage de Igor Ivanov", "Témoignage de Hélène Huet"]
    assert pages(out) == clean_build(make_app, srcdir, tmp_path / "after-adding")
    # Six fewer: 5 authors (3 pages), 4 organisations (2 pages), 5 testimonials (3 pages).
    for n in (300, 301, 302, 303, 304, 400):
        (srcdir / "temoignages" / f"p{n:03d}.md").unlink()
    out = build()
    assert generated(out, "auteurs/personnes") == ["auteurs/personnes/2.html", "auteurs/personnes/3.html"]
    assert generated(out, "auteurs/organisations") == ["auteurs/organisations/2.html"]
    assert generated(out, "carte/qui-cite-quoi") == ["carte/qui-cite-quoi/2.html", "carte/qui-cite-quoi/3.html"]
    assert "Page 1 sur 3" in (out / "auteurs.html").read_text()
    assert pages(out) == clean_build(make_app, srcdir, tmp_path / "after-removing")


def test_a_new_page_size_rewrites_the_pages(copy_root, make_app, tmp_path):
    """``kb_index_page_size`` rewrites every page without reading any: the
    generated pages follow (and those no longer needed go)."""
    srcdir = with_people(copy_root("kb"))
    make_app("html", srcdir=srcdir).build()
    set_page_size(srcdir, 4)
    app = make_app("html", srcdir=srcdir)
    app.build()
    out = app.outdir
    assert generated(out, "auteurs/personnes") == ["auteurs/personnes/2.html", "auteurs/personnes/3.html"]
    assert h1((out / "auteurs" / "personnes" / "2.html").read_text()) == "Auteurs — page 2 sur 3"
    assert generated(out, "auteurs/organisations") == ["auteurs/organisations/2.html"]
    assert pages(out) == clean_build(make_app, srcdir, tmp_path / "clean")
