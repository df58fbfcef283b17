"""The Atom feed of new testimonials: valid (read by a real parser), newest
first, announced in every page, absolute or relative links, stable ids, and
correct after edits without a clean build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest

from tests.helpers import warnings_of
from tests.helpers.builds import SYNTHETIC, build_tracking

UNDATED = """---
identifiant: T-950
auteur: Personne Sans Date
organisation: Organisation Synthétique
resume: Un résumé synthétique.
---

# Témoignage synthétique sans date

Un texte synthétique.
"""


def parse(outdir: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((outdir / "flux.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_lists_the_testimonials_newest_first_undated_last(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "sans-date.md").write_text(UNDATED)
    (srcdir / "temoignages" / "recent.md").write_text(SYNTHETIC.format(n=960, day=9, thesis=1))
    app = build(srcdir)
    assert warnings_of(app) == ""
    feed = parse(app.outdir)
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Témoignage synthétique 960", "Témoignage synthétique bêta", "Témoignage synthétique alpha",
                      "Témoignage synthétique sans date"]
    alpha = feed.entries[2]
    assert alpha.author == "Autrice Synthétique Alpha"
    assert "Organisation Fictive" in alpha.summary and "1er mai 2020" in alpha.summary
    assert alpha.published.startswith("2020-05-01")
    assert alpha.link == "t/T-901.html" and (app.outdir / alpha.link).is_file()
    assert "Un résumé synthétique." in feed.entries[3].summary and "published" not in feed.entries[3]
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == 4
    # Every page of the site announces it; the catalog and the home page link to it.
    for page in ["index.html", "theses.html", "temoignages/alpha.html", "temoignages/index.html"]:
        html = (app.outdir / page).read_text()
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="Nouveaux témoignages" '
                         r'href="(\.\./)*flux\.xml">', html), page
    assert 'class="kb-flux reference external" href="flux.xml"' in (app.outdir / "index.html").read_text()
    assert 'href="../flux.xml"' in (app.outdir / "temoignages" / "index.html").read_text()


def test_links_are_absolute_with_a_base_url_and_ids_do_not_change(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    relative = make_app("html", srcdir=srcdir)
    relative.build()
    other = tmp_path / "other"
    shutil.copytree(srcdir, other, ignore=shutil.ignore_patterns("_build"))
    absolute = make_app("html", srcdir=other, confoverrides={"html_baseurl": "https://kb.intranet/base/"})
    absolute.build()
    near, far = parse(relative.outdir), parse(absolute.outdir)
    assert [e.link for e in far.entries] == ["https://kb.intranet/base/t/T-902.html", "https://kb.intranet/base/t/T-901.html"]
    assert [link.href for link in far.feed.links if link.rel == "self"] == ["https://kb.intranet/base/flux.xml"]
    assert [e.link for e in near.entries] == ["t/T-902.html", "t/T-901.html"]
    assert [e.id for e in near.entries] == [e.id for e in far.entries]
    assert near.feed.id == far.feed.id and near.feed.updated == far.feed.updated


@pytest.mark.parametrize("change", ["add", "edit", "delete"])
def test_feed_follows_edits_without_a_clean_build(copy_root, make_app, tmp_path, change):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    folder = srcdir / "temoignages"
    if change == "add":
        (folder / "gamma.md").write_text(SYNTHETIC.format(n=970, day=3, thesis=22))
    elif change == "edit":
        beta = folder / "beta.md"
        beta.write_text(beta.read_text().replace("# Témoignage synthétique bêta", "# Bêta rebaptisé"))
    else:
        (folder / "alpha.md").unlink()
    app, _, _ = build_tracking(make_app, srcdir)
    incremental = (app.outdir / "flux.xml").read_bytes()
    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=clean)
    fresh.build()
    assert incremental == (fresh.outdir / "flux.xml").read_bytes()
    titles = [e.title for e in parse(app.outdir).entries]
    expected = {"add": "Témoignage synthétique 970", "edit": "Bêta rebaptisé"}.get(change)
    assert (expected in titles) if expected else ("Témoignage synthétique alpha" not in titles)
