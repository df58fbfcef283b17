"""``suggest --apply`` on generated pages: it only wraps words (the page without
its roles is byte for byte the same), every role it adds is a role MyST reads,
and applying twice changes nothing."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from kbtools.authoring.suggest import apply, scan, strip_roles
from kbtools.authoring.suggest import evaluation as ev
from tests.authoring.helpers_suggest import FRONT, suggester

WORDS = ["le", "la", "des", "une", "entreprise", "équipe", "projet", "avec", "sans", "nouveau", "marche", "aujourd’hui",
         "l’", "d’", "qu’il", "et", "mais", "donc", "très", "vite", "relation", "réseau", "client-roi", "porte-voix",
         "thèse", "22", "(", ")", "[", "]", ",", ";", ":", "!", "?", "…", "«", "»", "“", "”", "\"", "’", "-", "—", "\u00a0"]
TERMS = ["clients", "client", "Relation-client", "relation client", "start-ups", "startup", "réseaux sociaux",
         "l’écosystème", "d’agilité", "agiles", "bouche-à-oreille", "Marchés", "marché en réseau",
         "expérience utilisateur", "EXPÉRIENCE CLIENT", "ecosysteme", "hiérarchies", "intranet", "voix humaine",
         "jeunes pousses", "transformation numérique", "utilisatrices", "culture d’entreprise", "Internet"]
MENTIONS = ["thèse 22", "la 7e thèse", "les thèses 1 et 95", "thèse n° 52", "la thèse 96"]
QUOTES = ([f"« {ev.FRENCH[n]} »" for n in (7, 10, 36, 52, 74)] + [f"“{ev.SEED_QUOTATION}”", f"\"{ev.ENGLISH[74]}\"",
          "« consommer c’est détruire »", "“changer le monde”", "citation : " + ev.FRENCH[95]])
MARKUP = ["`code clients`", "``le `marketing` ``", "{term}`clients <Client>`", "{these}`22`", "{term}`Start-up`",
          "{term}`les réseaux <Réseaux sociaux>`", "[les clients](https://example.org/clients)",
          "![marketing](image.png)", "https://example.org/marketing", "<https://www.cluetrain.com/#22>",
          "[la thèse](https://www.cluetrain.com/#7)", "*réseaux* sociaux", "**marketing**", "\\*clients",
          "<span>client</span>", "[^1]", "`", "{doc}`index`", "_agilité_", "clients`x`"]

piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(TERMS), st.sampled_from(MENTIONS), st.sampled_from(QUOTES),
                  st.sampled_from(MARKUP))
sentence = st.lists(piece, min_size=1, max_size=12).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=3).map("\n".join)  # lines wrapped inside a paragraph
block = st.one_of(
    paragraph,
    sentence.map(lambda s: "# " + s.replace("\n", " ")),
    sentence.map(lambda s: s.replace("\n", " ") + "\n" + "-" * 5),  # setext heading
    sentence.map(lambda s: "```\n" + s + "\n```"),
    sentence.map(lambda s: "    " + s.replace("\n", " ")),
    paragraph.map(lambda s: ":::{note}\n:class: client\n\n" + s + "\n:::"),
    paragraph.map(lambda s: "```{code-block} text\n" + s + "\n```"),
    st.lists(sentence, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i.replace("\n", " ") for i in items)),
    sentence.map(lambda s: "> " + s.replace("\n", "\n> ")),
    st.just("(cible-client)=\n% un commentaire sur le client"),
    st.tuples(sentence, sentence).map(lambda p: f"1. {p[0]}\n\n   {p[1]}\n\n   - {p[0]}"),  # list continuation
    st.tuples(sentence, sentence).map(lambda p: f"- {p[0]}\n\n  ```\n  {p[1]}\n  ```\n\n  {p[0]}"),
    sentence.map(lambda s: "\t" + s.replace("\n", " ")),
    sentence.map(lambda s: "<div>\n" + s + "\n</div>"),
)
pages = st.tuples(st.lists(block, min_size=1, max_size=8), st.sampled_from(["\n", "\n", "\r\n"]), st.booleans()).map(
    lambda p: (("\ufeff" if p[2] else "") + FRONT + "# Titre\n\n" + "\n\n".join(p[0]) + "\n").replace("\n", p[1]))

MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def myst_roles(text: str) -> list[tuple[str, str]]:
    """The ``term`` and ``these`` roles MyST reads in *text* (admonitions parsed too)."""
    found = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "myst_role" and token.meta.get("name") in {"term", "these"}:
                found.append((token.meta["name"], " ".join(token.content.split())))
            if token.children:
                walk(token.children)
            if token.type in {"colon_fence", "fence"} and token.info.strip().startswith("{note}"):
                walk(MYST.parse(token.content.split("\n\n", 1)[-1]))

    walk(MYST.parse(text))
    return found


@settings(max_examples=int(os.environ.get("KB_HYPOTHESIS_EXAMPLES_SUGGEST", "300")), deadline=None, derandomize=True)
@given(pages)
def test_apply_only_wraps_words_and_is_idempotent(text):
    proposals = suggester().suggest(scan(text, "page.md"))
    applied = apply(text, proposals)
    assert strip_roles(applied) == strip_roles(text)
    # Every role added is read by MyST, with the content proposed.
    added = [(s.kind, " ".join(s.role.split("`", 1)[1][:-1].split())) for s in proposals if s.applicable]
    before, after = myst_roles(text), myst_roles(applied)
    assert len(after) == len(before) + len(added)
    assert all(after.count(role) >= before.count(role) + added.count(role) for role in set(added)), (before, after, added)
    # Applying again proposes nothing more to apply.
    again = suggester().suggest(scan(applied, "page.md"))
    assert [s for s in again if s.applicable] == []
    assert apply(applied, again) == applied
