"""« Cité dans » backlinks: content, anchors, synonyms, long lists.

Incremental builds: tests/test_incremental.py; parallel builds: tests/test_parallel.py."""

from __future__ import annotations

import re

from tests.helpers import warnings_of
from tests.helpers.builds import SYNTHETIC, citedin


def test_backlinks_list_each_citation_with_excerpt_and_anchor(copy_root, build):
    app = build(copy_root("kb"))
    assert warnings_of(app) == ""
    theses = (app.outdir / "theses.html").read_text()
    block = citedin(theses, "these-22")
    assert block.count("<li>") == 2
    assert 'href="temoignages/alpha.html#cite-these-22"' in block
    assert 'href="temoignages/alpha.html#cite-these-22-2"' in block
    assert "Autrice Synthétique Alpha" in block
    assert "« Ici la relation client change tout, comme le dit la thèse 22. »" in block
    assert "« Un second paragraphe cite encore la thèse 22. »" in block
    # The anchors are the cited words themselves, inside each citation's link,
    # once each.
    alpha = (app.outdir / "temoignages" / "alpha.html").read_text()
    assert re.search(r'<a [^>]*href="../theses.html#these-22"[^>]*><span [^>]*id="cite-these-22">thèse 22</span></a>',
                     alpha)
    assert re.search(r'<a [^>]*href="../theses.html#these-22"[^>]*><span [^>]*id="cite-these-22-2">', alpha)
    assert alpha.count('id="cite-these-22"') == 1


def test_uncited_thesis_and_term_say_so(copy_root, build):
    app = build(copy_root("kb"))
    assert "Cité dans aucun témoignage" in citedin((app.outdir / "theses.html").read_text(), "these-95")
    glossary = (app.outdir / "glossaire.html").read_text()
    assert "Cité dans aucun témoignage" in citedin(glossary, "term-Zebre")


def test_synonyms_share_one_entry(copy_root, build):
    app = build(copy_root("kb"))
    glossary = (app.outdir / "glossaire.html").read_text()
    block = citedin(glossary, "term-Relation-client")  # « Relation client » / « Relation-client »
    assert "alpha.html#cite-terme-relation-client" in block
    assert "beta.html#cite-terme-relation-client" in block


def test_long_citation_lists_link_to_all_their_testimonials(copy_root, make_app):
    srcdir = copy_root("kb")
    for n in range(10, 14):
        (srcdir / "temoignages" / f"s{n}.md").write_text(SYNTHETIC.format(n=n, day=n, thesis=22))
    app = make_app("html", srcdir=srcdir, confoverrides={"kb_citedin_limit": 3})
    app.build()
    assert warnings_of(app) == ""
    theses = (app.outdir / "theses.html").read_text()
    box = citedin(theses, "these-22")
    assert box.count("<li>") == 3
    assert re.search(r'… et \d+ autres? citations?\. <a class="reference internal" '
                     r'href="temoignages/facettes/theses/22.html">Les 5 témoignages qui citent la thèse 22</a>', box)
    facet = (app.outdir / "temoignages" / "facettes" / "theses" / "22.html").read_text()
    assert facet.count("<li>") == 5
    glossary = citedin((app.outdir / "glossaire.html").read_text(), "term-Relation-client")
    assert glossary.count("<li>") == 3
    link = re.search(r'href="(temoignages/facettes/termes/relation-client.html)">Les (\d+) témoignages qui citent '
                     r"« Relation client »</a>", glossary)
    assert link, glossary
    assert (app.outdir / link[1]).read_text().count("<li>") == int(link[2]) >= 5
