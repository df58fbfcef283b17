"""The web catalog in pages: no page grows with the number of testimonials,
every testimonial is on exactly one page, and incremental builds keep the
pages equal to a clean build."""

from __future__ import annotations

import re
import shutil

from tests.helpers import warnings_of
from tests.helpers.builds import SYNTHETIC, pages

SIZE = 10


def card_links(html: str) -> list[str]:
    return re.findall(r'<a class="sd-stretched-link sd-hide-link-text reference internal" href="([^"]+)"', html)


def as_the_real_site(srcdir) -> None:
    """The catalog on temoignages/index, the home page showing the newest three (as the real site)."""
    catalog = srcdir / "temoignages" / "index.md"
    catalog.write_text(catalog.read_text().replace("```{kb-facettes}\n```", "```{kb-facettes}\n```\n\n```{temoignages}\n```"))
    home = srcdir / "index.md"
    home.write_text(home.read_text().replace("```{temoignages}\n```", "```{temoignages}\n:limite: 3\n```"))


def build_with(make_app, srcdir, count: int):
    as_the_real_site(srcdir)
    for n in range(count):
        (srcdir / "temoignages" / f"s{n:03d}.md").write_text(SYNTHETIC.format(n=n + 100, day=n % 28 + 1, thesis=22))
    app = make_app("html", srcdir=srcdir, confoverrides={"kb_catalog_page_size": SIZE})
    app.build()
    assert warnings_of(app) == ""
    return app


def test_every_testimonial_on_exactly_one_page_of_the_catalog(copy_root, make_app):
    app = build_with(make_app, copy_root("kb"), 23)  # 25 with alpha and beta: pages of 10, 10, 5
    out = app.outdir
    first = (out / "temoignages" / "index.html").read_text()
    second = (out / "temoignages" / "catalogue" / "2.html").read_text()
    third = (out / "temoignages" / "catalogue" / "3.html").read_text()
    assert not (out / "temoignages" / "catalogue" / "4.html").exists()
    links = [card_links(first), card_links(second), card_links(third)]
    assert [len(page) for page in links] == [10, 10, 5]
    testimonials = {p.name for p in (out / "temoignages").glob("*.html")} - {"index.html"}
    on_pages = {href.rsplit("/", 1)[-1] for page in links for href in page}
    assert on_pages == testimonials and len(on_pages) == 25
    assert 'Page 1 sur 3\u00a0: <strong aria-current="page">1</strong>' in first and 'href="catalogue/2.html">Suivante</a>' in first
    assert 'href="../index.html">Précédente</a>' in second and 'href="3.html">Suivante</a>' in second
    assert "<h1>Témoignages — page 3 sur 3</h1>" in third and "Suivante" not in third
    assert 'href="../s000.html"' in second or 'href="../s000.html"' in third  # cards link back up a folder


def test_catalog_pages_follow_additions_and_deletions(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    first = build_with(make_app, srcdir, 13)  # 15: two pages
    assert (first.outdir / "temoignages" / "catalogue" / "2.html").is_file()
    for n in range(13, 20):
        (srcdir / "temoignages" / f"s{n:03d}.md").write_text(SYNTHETIC.format(n=n + 100, day=n % 28 + 1, thesis=1))
    app = make_app("html", srcdir=srcdir, confoverrides={"kb_catalog_page_size": SIZE})
    app.build()
    assert (app.outdir / "temoignages" / "catalogue" / "3.html").is_file()  # 22: a third page
    assert len(card_links((app.outdir / "temoignages" / "catalogue" / "3.html").read_text())) == 2
    for n in range(5, 20):
        (srcdir / "temoignages" / f"s{n:03d}.md").unlink()
    app = make_app("html", srcdir=srcdir, confoverrides={"kb_catalog_page_size": SIZE})
    app.build()
    assert not (app.outdir / "temoignages" / "catalogue" / "2.html").exists()  # 7: one page, no pager
    assert "kb-catalogue-pages" not in (app.outdir / "temoignages" / "index.html").read_text()
    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=clean, confoverrides={"kb_catalog_page_size": SIZE})
    fresh.build()
    assert pages(app.outdir) == pages(fresh.outdir)
