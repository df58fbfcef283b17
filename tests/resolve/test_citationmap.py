"""The citation map, the JSON export, « Témoignages proches » and the PDF backlinks."""

from __future__ import annotations

import json
import re

from tests.helpers import warnings_of


def test_json_export_follows_edits_and_is_left_alone_otherwise(copy_root, make_app):
    """A body edit that changes nothing the export holds does not rewrite it;
    a change of front matter does."""
    srcdir = copy_root("kb")

    def build_once():
        app = make_app("html", srcdir=srcdir)
        app.build()
        app.cleanup()
        return app.outdir / "donnees" / "graphe-citations.json"

    export = build_once()
    written = export.stat().st_mtime_ns
    alpha = srcdir / "temoignages" / "alpha.md"
    alpha.write_text(alpha.read_text() + "\nUne phrase de plus, sans citation.\n")
    assert build_once().stat().st_mtime_ns == written
    alpha.write_text(alpha.read_text().replace("organisation: Organisation Fictive",
                                               "organisation: Organisation Renommée"))
    graph = json.loads(build_once().read_text())
    assert graph["testimonials"][0]["organisation"] == "Organisation Renommée"


def test_map_shades_cited_theses_and_lists_the_uncited(copy_root, build):
    app = build(copy_root("kb"))
    assert warnings_of(app) == ""
    page = (app.outdir / "carte.html").read_text()
    assert "2 témoignages, 6 citations" in page
    assert re.search(r"<title>Thèse 22 — L’humour n’est pas la blague : citée par 1 témoignage</title>", page)
    assert "<title>Thèse 95 — La dernière thèse : citée par 0 témoignage</title>" in page
    never = page[page.index("Thèses jamais citées (1)"):]
    assert 'href="theses.html#these-95"' in never[:600]
    unused = page[page.index("Termes jamais employés (1)"):]
    assert 'href="glossaire.html#term-Zebre"' in unused[:600]
    # Synonyms count under one entry: « Relation client », used by both testimonials.
    assert "<title>Relation client : 2 témoignages</title>" in page


def test_json_export_has_the_documented_shape(copy_root, build):
    app = build(copy_root("kb"))
    graph = json.loads((app.outdir / "donnees" / "graphe-citations.json").read_text())
    assert set(graph) == {"version", "testimonials", "theses", "terms", "citations"}
    assert [t["identifiant"] for t in graph["testimonials"]] == ["T-901", "T-902"]
    assert [t["number"] for t in graph["theses"]] == [1, 22, 95]
    relation = next(t for t in graph["terms"] if t["term"] == "Relation client")
    assert relation["synonyms"] == ["Relation-client"]
    cited = sorted((c["testimonial"], c["kind"], c["target"]) for c in graph["citations"])
    assert cited == [
        ("temoignages/alpha", "term", "relation client"),
        ("temoignages/alpha", "term", "écosystème"),
        ("temoignages/alpha", "thesis", 22),
        ("temoignages/alpha", "thesis", 22),
        ("temoignages/beta", "term", "relation client"),
        ("temoignages/beta", "thesis", 1),
    ]
    first = next(c for c in graph["citations"] if c["target"] == 22)
    assert first["url"] == "temoignages/alpha.html#cite-these-22" and first["line"] == 11


def test_testimonial_lists_what_it_cites_and_its_neighbours(copy_root, build):
    app = build(copy_root("kb"))
    alpha = (app.outdir / "temoignages" / "alpha.html").read_text()
    assert re.search(r"Thèses citées : </strong><a [^>]*href=\"../theses.html#these-22\"[^>]*>"
                     r"<span>thèse 22 \(L’humour n’est pas la blague\)</span>", alpha)
    assert "Termes du glossaire : " in alpha
    proches = alpha[alpha.index("Témoignages proches"):]
    assert 'href="beta.html"' in proches and "1 repère en commun" in proches
    # Each page's own neighbours, never itself (its bit is its place in sorted order).
    beta = (app.outdir / "temoignages" / "beta.html").read_text()
    proches = beta[beta.index("Témoignages proches"):]
    proches = proches[:proches.index("</ul>")]
    assert 'href="alpha.html"' in proches and 'href="beta.html"' not in proches


def test_single_testimonial_has_no_neighbours(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "beta.md").unlink()
    app = build(srcdir)
    assert "Témoignages proches" not in (app.outdir / "temoignages" / "alpha.html").read_text()


def test_pdf_backlinks_carry_page_numbers(copy_root, build):
    app = build(copy_root("kb"), "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    citedin = tex[tex.index("Cité dans"):]
    assert re.search(r"\\hyperref\[\\detokenize\{temoignages/alpha:cite-these-22\}\]", citedin)
    # The page number closes the entry, and names a label the writer put at the citation.
    entry = next(e for e in re.split(r"\\item|\\end\{itemize\}", citedin) if "alpha:cite-these-22" in e)
    assert entry.rstrip().endswith(r"\kbpageref{\detokenize{temoignages/alpha:cite-these-22}}")
    assert r"\label{\detokenize{temoignages/alpha:cite-these-22}}" in tex
    # The catalog's entries name the page where each testimonial starts (printed
    # when the list comes after it: kbunepasse.sty).
    assert r"\kbpageref{\detokenize{temoignages/alpha::doc}}" in tex
    assert r"\label{\detokenize{temoignages/alpha::doc}}" in tex
    # Inline references carry no page number (the authors' sentences stay theirs).
    assert r"\autopageref" not in tex
    assert r"\sphinxincludegraphics{{kb-carte-theses}.pdf}" in tex
    assert (app.outdir / "kb-carte-theses.pdf").read_bytes().startswith(b"%PDF")


def test_pdf_pages_list_what_they_cite_and_their_neighbours(copy_root, build):
    app = build(copy_root("kb"), "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    alpha = tex[tex.index(r"\label{\detokenize{temoignages/alpha::doc}}"):]
    alpha = alpha[:alpha.index(r"\label{\detokenize{temoignages/beta::doc}}")]
    assert "Thèses citées : " in alpha and "thèse 22 (L’humour n’est pas la blague)" in alpha
    assert "Témoignages proches" in alpha and "1 repère en commun" in alpha
