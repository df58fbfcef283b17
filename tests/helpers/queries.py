"""The generated query set of the search tests: what a French reader types.

Drawn from the built site's own data (the JSON export of the citation
graph), so it follows the glossary and the theses as they change:

- every glossary term and synonym, typed without accents, in the plural,
  and without its hyphens (spaced, and joined when it has one hyphen): the
  glossary entry, or a testimonial citing it, is expected in the first three;
- every thesis title typed without accents: the theses page is expected.
"""

from __future__ import annotations

import json
from pathlib import Path

from kb.core.french import fold

EXPORT = "donnees/graphe-citations.json"
SMALL_WORDS = {"a", "à", "de", "du", "des", "la", "le", "les", "l", "d", "en", "et", "au", "aux"}


def plural(term: str) -> str:
    """« relations clients », « canaux », « start-ups »: each noun-like word in the
    plural, by the regular rules (-al → -aux, -eau → -eaux, otherwise « s »);
    « bouche-à-oreille » is invariable."""
    def one(word: str) -> str:
        lower = word.lower()
        if lower in SMALL_WORDS or lower[-1:] in {"s", "x", "z"} or len(word) < 2:
            return word
        if lower.endswith("al"):
            return word[:-2] + "aux"
        if lower.endswith(("eau", "eu")):
            return word + "x"
        return word + "s"

    if term.count("-") > 1:
        return term
    return " ".join("-".join([*word.split("-")[:-1], one(word.split("-")[-1])]) for word in term.split())


def variants(term: str) -> set[str]:
    forms = {fold(term), fold(plural(term))}
    if "-" in term:
        forms.add(fold(term.replace("-", " ")))
        if term.count("-") == 1:
            forms.add(fold(term.replace("-", "")))
            forms.add(fold(plural(term).replace("-", "")))
    return forms


def generated_queries(html: Path) -> dict[str, set[str]]:
    """query -> the pages any of which, in the first three results, is a hit."""
    graph = json.loads((html / EXPORT).read_text(encoding="utf-8"))
    citing: dict[str, set[str]] = {}
    for citation in graph["citations"]:
        if citation["kind"] == "term":
            citing.setdefault(citation["target"], set()).add(citation["url"].split("#")[0])
    queries: dict[str, set[str]] = {}
    for entry in graph["terms"]:
        expected = {entry["url"].split("#")[0]} | citing.get(entry["term"].lower(), set())
        for term in [entry["term"], *entry["synonyms"]]:
            for query in variants(term):
                queries.setdefault(query, set()).update(expected)
    for thesis in graph["theses"]:
        queries.setdefault(fold(thesis["title"]), set()).add(thesis["url"].split("#")[0])
    return queries
