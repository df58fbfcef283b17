"""The MyST writer: the rendered text is the author's text, whatever its characters."""

from __future__ import annotations

import pytest

from kbtools.authoring import document as d
from kbtools.authoring.myst import page_body
from tests.authoring.helpers import page_text, squash

HOSTILE = [
    "Un *astérisque*, un _souligné_, un `accent grave`, des {accolades} et $dollars$.",
    "{term}`client` et {these}`22` ne sont pas des rôles ; <script>alert(1)</script> n’est pas une balise.",
    "[un lien](javascript:alert(1)) et ![une image](/etc/passwd) restent du texte.",
    "R&D, &amp; et &#38; : trois façons d’écrire une esperluette.",
    "Un tube | au milieu, une barre \\ oblique, un tilde ~~barré~~ et un ^chapeau^.",
    "# Un dièse en tête",
    "## Deux dièses",
    "1. Un numéro en tête",
    "2024) Une année en tête",
    "- Un tiret en tête",
    "+ Un plus en tête",
    "* Une étoile en tête",
    "> Un chevron en tête",
    "% Un pourcentage en tête",
    ":::{note} Une directive en tête",
    "```{raw} html",
    "(cible)= une cible MyST",
    "+++ un séparateur MyST",
    ": une définition",
    ":champ: valeur",
    "=== soulignement",
    "--- trois tirets",
    "<!-- un commentaire HTML -->",
    "<https://exemple.fr> entre chevrons",
    "[^1] un appel de note",
    "(cible)=",
    "+++",
    "---",
    "***",
    "-",
    "1.",
    "$$",
    "Guillemets «\u00a0français\u00a0», apostrophe ’, points… tiret – fines\u202f; espaces\u202f!",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_character_renders_as_written(text):
    page = "---\nidentifiant: T-002\nauteur: A B\n---\n" + page_body("Titre", [d.Paragraph([d.Text(text)])])
    rendered = page_text(page)
    assert rendered.splitlines()[0] == "Titre"
    assert squash(rendered.split("\n", 1)[1]) == squash(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_line_of_its_own_inside_a_paragraph(text):
    """After a soft line break, a line start is a line start too."""
    page = "---\nidentifiant: T-002\nauteur: A B\n---\n" + page_body(
        "Titre", [d.Paragraph([d.Text("Avant"), d.SoftBreak(), d.Text(text)])])
    assert squash(page_text(page).split("\n", 1)[1]) == squash("Avant " + text)


def test_title_with_markup_characters():
    page = "---\nidentifiant: T-002\nauteur: A B\n---\n" + page_body("Le *vrai* titre #1 <b>", [d.Paragraph([d.Text("x")])])
    assert page_text(page).splitlines()[0] == "Le *vrai* titre #1 <b>"


def render(blocks: list) -> str:
    return page_body("Titre", blocks)


def test_emphasis_that_commonmark_could_not_read_keeps_the_words():
    # « mot*« cité »*x »: the closing * would be preceded by punctuation and followed by a letter.
    body = render([d.Paragraph([d.Text("mot"), d.Emph([d.Text("« cité »")]), d.Text("x et "),
                                d.Strong([d.Text(" gras ")]), d.Text(" fin.")])])
    assert "mot« cité »x et **gras** fin." in body
    page = "---\nidentifiant: T-002\nauteur: A B\n---\n" + body
    assert "mot« cité »x et gras fin." in page_text(page)


def test_structure_is_kept():
    blocks = [
        d.Heading(3, [d.Text("Une section")]),
        d.Paragraph([d.Text("Voir "), d.Link("https://exemple.fr/a_(b)", [d.Text("ici")]), d.Text(" et "),
                     d.Link("https://exemple.fr", [d.Text("https://exemple.fr")]), d.Text(", une note"),
                     d.Note([d.Paragraph([d.Text("La note.")]), d.Paragraph([d.Text("Suite.")])]), d.Text(".")]),
        d.ListBlock(False, [[d.Paragraph([d.Text("un")])], [d.Paragraph([d.Text("deux")])]]),
        d.ListBlock(False, [[d.Paragraph([d.Text("trois")])]]),
        d.ListBlock(True, [[d.Paragraph([d.Text("premier")])]], start=3),
        d.Quote([d.Paragraph([d.Text("Cité.")])]),
        d.Table([[[d.Paragraph([d.Text("A")])], [d.Paragraph([d.Text("B")])]]],
                [[[d.Paragraph([d.Text("a | b")])], []]]),
        d.Table([], [[[d.Paragraph([d.Text("c")]), d.Paragraph([d.Text("d")])], [d.Paragraph([d.Text("e")])]]]),
        d.Paragraph([d.Link("javascript:alert(1)", [d.Text("piège")]), d.Text(" "),
                     d.Link("/relatif", [d.Text("relatif")])]),
    ]
    body = render(blocks)
    assert "## Une section" in body  # the writer keeps levels; finish renumbers them
    assert "[ici](https://exemple.fr/a_\\(b\\))" in body
    assert "<https://exemple.fr>" in body
    assert "[^1]" in body and "[^1]: La note.\n\n    Suite." in body
    assert "- un\n- deux\n\n* trois" in body  # two lists stay two lists
    assert "3. premier" in body
    assert "> Cité." in body
    assert "| A | B |\n| --- | --- |\n| a \\| b |  |" in body
    assert ":::{list-table}" in body
    assert "javascript" not in body and "](/relatif)" not in body
    text = page_text("---\nidentifiant: T-002\nauteur: A B\n---\n" + body)
    for words in ("Voir ici et https://exemple.fr, une note.", "La note.", "Suite.", "un", "trois", "premier",
                  "Cité.", "a | b", "c", "d", "e", "piège relatif"):
        assert words in squash(text), words


def test_line_breaks_never_become_raw_html():
    body = render([d.Paragraph([d.Text("ligne un"), d.LineBreak(), d.Text("ligne deux"), d.LineBreak()])])
    assert "ligne un\nligne deux\n" in body
    assert "\\\n" not in body and "<br" not in body
