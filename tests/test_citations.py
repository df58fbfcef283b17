"""« Cité dans » backlinks: content, anchors, and correctness under incremental
and parallel builds (compared with a clean serial build of the same sources)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import warnings_of

SYNTHETIC = """---
identifiant: T-{n:03d}
auteur: Personne Synthétique {n}
date: 2022-01-{day:02d}
---

# Témoignage synthétique {n}

Phrase d’ouverture {n}. Le numéro {n} cite la {{these}}`{thesis}` dans cette phrase. Puis la {{term}}`relation client <Relation client>`.
"""


# Sphinx rewrites the pages whose toctree lists an edited page (their navigation).
TOCTREE_PARENTS = ["index", "temoignages/index"]


def citedin(html: str, anchor: str) -> str:
    """The « Cité dans » block that follows *anchor* in a page."""
    start = html.index(f'id="{anchor}"')
    block = html.index('<div class="kb-cite-dans', start)
    return html[block:html.index("</div>", block)]


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
    # The anchors exist on the testimonial, just before each citation.
    alpha = (app.outdir / "temoignages" / "alpha.html").read_text()
    assert re.search(r'<span class="target" id="cite-these-22"></span><a [^>]*href="../theses.html#these-22"', alpha)
    assert 'id="cite-these-22-2"' in alpha


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


def pages(outdir: Path) -> dict[str, str]:
    return {str(p.relative_to(outdir)): p.read_text() for p in sorted(outdir.rglob("*.html"))}


def build_tracking(make_app, srcdir: Path, **kwargs):
    """Build; return the app, the documents read and the documents written."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    read: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.connect("doctree-resolved", lambda app, doctree, docname: written.append(docname))
    app.build()
    app.cleanup()  # unregister its nodes, so that the next app in this test starts clean
    return app, sorted(read), sorted(written)


def parallel_and_serial(make_app, srcdir: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The pages of *srcdir* built with -j 2 and, from a copy, with -j 1; the
    parallel build must not warn."""
    serial = tmp_path / "serial"
    shutil.copytree(srcdir, serial)
    parallel_app = make_app("html", srcdir=srcdir, parallel=2)
    parallel_app.build()
    assert warnings_of(parallel_app) == ""
    parallel_app.cleanup()
    serial_app = make_app("html", srcdir=serial, parallel=1)
    serial_app.build()
    serial_app.cleanup()
    return pages(parallel_app.outdir), pages(serial_app.outdir)


def clean_build(make_app, srcdir: Path, tmp_path: Path) -> dict[str, str]:
    copy = tmp_path / "clean"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    app = make_app("html", srcdir=copy)
    app.build()
    app.cleanup()
    return pages(app.outdir)


def test_no_change_rebuild_reads_nothing(copy_root, make_app):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    _, read, written = build_tracking(make_app, srcdir)
    assert read == [] and written == []


def test_body_edit_does_not_rewrite_a_hidden_toctree_parent(copy_root, make_app, tmp_path):
    """The real catalog lists the testimonials in a hidden toctree: it shows none
    of their text, so editing one testimonial's body must not rewrite it (about
    1 MB at 1,000 testimonials), and the result must equal a clean build."""
    srcdir = copy_root("kb")
    catalog = srcdir / "temoignages" / "index.md"
    catalog.write_text(catalog.read_text().replace(":glob:", ":hidden:\n:glob:"))
    build_tracking(make_app, srcdir)
    alpha = srcdir / "temoignages" / "alpha.md"
    alpha.write_text(alpha.read_text() + "\nUne phrase de plus, sans citation.\n")
    app, read, written = build_tracking(make_app, srcdir)
    assert read == ["temoignages/alpha"]
    assert written == ["temoignages/alpha"]
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)
    # A title change still reaches the catalog (its cards) and the neighbours' links.
    alpha.write_text(alpha.read_text().replace("\n# ", "\n# Nouveau titre : ", 1))
    app, read, written = build_tracking(make_app, srcdir)
    assert {"temoignages/index", "temoignages/alpha"} <= set(written)
    assert "Nouveau titre" in (app.outdir / "temoignages" / "index.html").read_text()
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path / "again")


def test_edit_removing_a_citation(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    alpha = srcdir / "temoignages" / "alpha.md"
    alpha.write_text(alpha.read_text().replace("de l’{term}`écosystème <Écosystème>`", "d’autre chose"))
    app, read, written = build_tracking(make_app, srcdir)
    assert read == ["temoignages/alpha"]
    # The edited page, the glossary whose « écosystème » list changed and the map,
    # not the theses; Sphinx itself adds the pages whose toctree holds the edited page.
    assert set(written) == {"glossaire", "carte", *TOCTREE_PARENTS, "temoignages/alpha"}
    assert "Cité dans aucun" in citedin((app.outdir / "glossaire.html").read_text(), "term-Ecosysteme")
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_edit_adding_a_citation(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    beta = srcdir / "temoignages" / "beta.md"
    beta.write_text(beta.read_text() + "\nEt la {these}`95`, enfin.\n")
    app, read, written = build_tracking(make_app, srcdir)
    assert read == ["temoignages/beta"]
    assert set(written) == {"carte", *TOCTREE_PARENTS, "temoignages/beta", "theses"}
    assert "beta.html#cite-these-95" in citedin((app.outdir / "theses.html").read_text(), "these-95")
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_add_a_testimonial(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    (srcdir / "temoignages" / "gamma.md").write_text(SYNTHETIC.format(n=7, day=7, thesis=95))
    app, read, written = build_tracking(make_app, srcdir)
    assert "temoignages/gamma" in read
    assert {"theses", "glossaire", "index", "temoignages/gamma"} <= set(written)
    assert "gamma.html#cite-these-95" in citedin((app.outdir / "theses.html").read_text(), "these-95")
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_delete_a_testimonial(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    (srcdir / "temoignages" / "beta.md").unlink()
    app, _, written = build_tracking(make_app, srcdir)
    assert {"theses", "glossaire", "index"} <= set(written)
    theses = (app.outdir / "theses.html").read_text()
    assert "beta.html" not in theses
    assert "Cité dans aucun témoignage" in citedin(theses, "these-1")
    # The deleted page's output is deleted too (Sphinx alone would leave it behind).
    assert not (app.outdir / "temoignages" / "beta.html").exists()
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_title_change_updates_backlinks_and_catalog(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    build_tracking(make_app, srcdir)
    beta = srcdir / "temoignages" / "beta.md"
    beta.write_text(beta.read_text().replace("# Témoignage synthétique bêta", "# Bêta rebaptisé"))
    app, read, written = build_tracking(make_app, srcdir)
    assert read == ["temoignages/beta"]
    assert {"theses", "glossaire", "index", "temoignages/beta"} <= set(written)
    assert "Bêta rebaptisé" in citedin((app.outdir / "theses.html").read_text(), "these-1")
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)


def test_parallel_build_equals_serial_build(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    for n in range(10, 22):
        (srcdir / "temoignages" / f"synthetique-{n}.md").write_text(
            SYNTHETIC.format(n=n, day=n, thesis=(n % 3) * 10 + 1 if n % 3 else 22))
    (srcdir / "theses.md").write_text((srcdir / "theses.md").read_text()
                                      + "\n:::{these} 11\n:titre: Onze\nRésumé onze.\n:::\n"
                                      + "\n:::{these} 21\n:titre: Vingt et un\nRésumé.\n:::\n")
    parallel_pages, serial_pages = parallel_and_serial(make_app, srcdir, tmp_path)
    assert parallel_pages == serial_pages
    assert citedin(parallel_pages["theses.html"], "these-22").count("<li>") == 2 + 4


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
