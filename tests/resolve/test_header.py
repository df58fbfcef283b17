"""A testimonial's header fields, made when its page is written (kb.resolve.header):
every field reaches the HTML, the book and the search index; the stored doctree
keeps only their placeholder."""

from __future__ import annotations

import json
import pickle
import re

from docutils import nodes

from kb.core.nodes import fields_placeholder
from kb.core.normalise import normalise_word
from tests.helpers import warnings_of

FRONT = """---
identifiant: T-950
auteur: Zéphyrine Synthétique
role: Responsable fictive
organisation: Mutuelle Imaginaire
date: 2019-03
source: https://exemple.invalid/temoignage-synthetique
themes: [relation client, écosystème]
resume: Un résumé synthétique, écrit pour ce test.
---

# Témoignage synthétique gamma

Texte synthétique qui cite la {these}`22`.
"""


def fields(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="[^"]*kb-fiche[^"]*">(.*?)</dl>', html, re.S)
    assert block, "no header fields"
    pairs = re.findall(r"<dt[^>]*>(.*?)<span class=\"colon\">:</span></dt>\s*<dd[^>]*>(.*?)</dd>", block[1], re.S)
    return {name: re.sub(r"<[^>]+>", "", body).strip() for name, body in pairs}


def test_every_field_reaches_the_page_the_book_and_the_search(copy_root, build):
    root = copy_root("kb")
    (root / "temoignages" / "gamma.md").write_text(FRONT, encoding="utf-8")
    app = build(root)
    assert warnings_of(app) == ""
    html = (app.outdir / "temoignages" / "gamma.html").read_text(encoding="utf-8")
    assert fields(html) == {
        "Auteur": "Zéphyrine Synthétique",
        "Fonction": "Responsable fictive",
        "Organisation": "Mutuelle Imaginaire",
        "Date": "mars 2019",
        "Source": "https://exemple.invalid/temoignage-synthetique",
        "Thèmes": "relation client, écosystème",
        "Lecture": "1 min",
        "Identifiant": "T-950",
    }
    assert 'href="https://exemple.invalid/temoignage-synthetique"' in html
    # Fields first, then the summary, inside the header block under the title.
    header = html[html.index('class="kb-entete'):]
    assert header.index("kb-fiche") < header.index("Un résumé synthétique") < header.index("</div>")
    # The search index reads the page once its fields are there: the author's name is found.
    index = json.loads(re.search(r"Search\.setIndex\((.*)\)", (app.outdir / "searchindex.js").read_text())[1])
    page = index["docnames"].index("temoignages/gamma")
    for word in ("Zéphyrine", "Mutuelle", "Imaginaire"):  # words of the header only
        found = index["terms"][normalise_word(word)]
        assert page == found or page in (found if isinstance(found, list) else []), word

    # What the doctree keeps between builds is the placeholder, not the fields.
    stored = pickle.loads((app.doctreedir / "temoignages" / "gamma.doctree").read_bytes())
    assert len(list(stored.findall(fields_placeholder))) == 1
    assert not list(stored.findall(nodes.field_list))


def test_the_book_has_every_field(copy_root, build):
    root = copy_root("kb")
    (root / "temoignages" / "gamma.md").write_text(FRONT, encoding="utf-8")
    app = build(root, "latex")
    assert warnings_of(app) == ""
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    gamma = tex[tex.index(r"\section{Témoignage synthétique gamma}"):]
    header = gamma[gamma.index(r"\begin{sphinxuseclass}{kb-entete}"):gamma.index(r"\end{description}")]
    items = re.findall(r"\\sphinxlineitem\{([^}]*)\}\s*\\sphinxAtStartPar\s*(.*?)\n\n", header, re.S)
    assert dict(items) == {
        "Auteur": "Zéphyrine Synthétique",
        "Fonction": "Responsable fictive",
        "Organisation": "Mutuelle Imaginaire",
        "Date": "mars 2019",
        "Source": r"\sphinxurl{https://exemple.invalid/temoignage-synthetique}",
        "Thèmes": "relation client, écosystème",
        "Lecture": "1 min",
        "Identifiant": r"\sphinxcode{\sphinxupquote{T\sphinxhyphen{}950}}",
    }
