"""``{term}`agiles` ``: an inflected form resolves to its glossary entry (kb.resolve.terms),
strictly: an ambiguous or unknown form is an error naming file and line."""

from __future__ import annotations

import re

from tests.helpers import warnings_of

PAGE = "---\nidentifiant: T-903\nauteur: Synthétique\n---\n\n# Gamma\n\nUne phrase.\n\n{line}\n"


def links(html: str) -> dict[str, str]:
    """Link text → its address, for the glossary links of a page."""
    found = re.findall(r'<a class="reference internal" href="([^"]+)"><span class="xref std std-term"[^>]*>([^<]+)</span></a>',
                       html)
    return {text: href for href, text in found}


def test_inflected_forms_resolve_to_their_entry(copy_root, build):
    app = build(copy_root("terms"))
    assert warnings_of(app) == ""
    page = links((app.outdir / "temoignages" / "alpha.html").read_text())
    assert page == {
        "agiles": "../glossaire.html#term-Agilite",
        "clients": "../glossaire.html#term-Client",
        "réseau social": "../glossaire.html#term-Reseaux-sociaux",
        "startups": "../glossaire.html#term-Start-up",
        "écosystèmes": "../glossaire.html#term-Ecosysteme",
        "jeunes pousses": "../glossaire.html#term-Jeune-pousse",
    }


def test_inflected_forms_count_in_cited_in(copy_root, build):
    app = build(copy_root("terms"))
    glossary = (app.outdir / "glossaire.html").read_text()
    # Every entry the page cites lists it under « Cité dans »; « Vendeur » is cited nowhere.
    blocks = re.findall(r'<dt id="term-([^"]+)">.*?<div class="kb-cite-dans[^"]*">(.*?)</div>', glossary, re.S)
    cited = {anchor for anchor, block in blocks if "Formes fléchies" in block}
    assert cited == {"Agilite", "Client", "Reseaux-sociaux", "Start-up", "Ecosysteme"}
    assert "Vendeur" in {anchor for anchor, block in blocks if "aucun témoignage" in block}


def test_ambiguous_form_is_an_error_with_file_and_line(copy_root, build):
    srcdir = copy_root("terms")
    (srcdir / "temoignages" / "gamma.md").write_text(PAGE.format(line="Des {term}`vendeurs` partout."),
                                                     encoding="utf-8")
    warnings = warnings_of(build(srcdir))
    assert re.search(r"temoignages/gamma\.md:10: WARNING: terme ambigu : « vendeurs » peut désigner les entrées "
                     r"« Vendeur » et « Vendeuse » du glossaire ; précisez laquelle, par exemple "
                     r"\{term\}`vendeurs <Vendeur>`", warnings)
    assert "[kb.unknown-term]" in warnings
    assert "terme absent" not in warnings


def test_unknown_form_is_an_error_with_file_and_line(copy_root, build):
    srcdir = copy_root("terms")
    (srcdir / "temoignages" / "gamma.md").write_text(
        PAGE.format(line="Un {term}`zorglub` et un {term}`ecosysteme`."), encoding="utf-8")
    warnings = warnings_of(build(srcdir))
    assert "temoignages/gamma.md:10: WARNING: terme absent du glossaire : « zorglub »" in warnings
    # The accents are the glossary's: a form without them is not « Écosystème ».
    assert ("temoignages/gamma.md:10: WARNING: terme absent du glossaire : « ecosysteme » "
            "(vouliez-vous dire « Écosystème » ?)") in warnings
