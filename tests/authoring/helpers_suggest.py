"""What the ``suggest`` tests share: the suggester on the real glossary and theses,
the seed's raw text as a page, and the links of the hand-made seed page."""

from __future__ import annotations

import functools
import re

from kbtools.authoring.suggest import Suggester, scan
from tests.helpers import ROOT, TESTIMONIAL
from tests.helpers.site import seed_paragraphs

FRONT = "---\nidentifiant: T-950\nauteur: Autrice Synthétique\n---\n\n"
ROLE = re.compile(r"\{(term|these)\}`(?:[^`<]*?<)?([^`<>]+)>?`")


@functools.cache
def suggester() -> Suggester:
    return Suggester.from_source(ROOT)


def page(body: str, front: str = FRONT) -> str:
    return front + body


def suggest(body: str):
    """The proposals for a page made of the front matter and *body*."""
    return suggester().suggest(scan(page(body), "page.md"))


def seed_page() -> str:
    """The seed's raw text as a page: front matter, title, paragraphs (residue and byline removed)."""
    title, _byline, paragraphs = seed_paragraphs()
    return (f"---\nidentifiant: T-950\nauteur: Denis Meimoun\nrole: Responsable de la transformation digitale\n"
            f"organisation: GAN Assurances\n---\n\n# {title}\n\n" + "\n\n".join(paragraphs) + "\n")


def hand_made_links() -> tuple[set[str], set[int]]:
    """The glossary entries and theses the hand-made seed page links."""
    text = (ROOT / f"{TESTIMONIAL}.md").read_text(encoding="utf-8")
    entries, theses = set(), set()
    for kind, target in ROLE.findall(text):
        if kind == "these":
            theses.add(int(target))
        else:
            entries |= {suggester().entries[i].key for i in suggester().entries_of(target)}
    return entries, theses
