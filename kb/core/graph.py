"""Queries over the citation graph, derived from the ``kb`` domain and never
stored on their own: who cites what, how often, the glossary's entries, the
testimonials in catalog order. Each is computed once per phase (:mod:`kb.core.cache`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sphinx.environment import BuildEnvironment

from kb.core.cache import cached
from kb.core.domain import domain_of
from kb.core.french import byline


@cached
def targets_by_testimonial(env: BuildEnvironment) -> dict[str, set[tuple[str, str]]]:
    """For each testimonial, the set of (kind, entry) it cites."""
    domain = domain_of(env)
    # Ten citations per testimonial, a few dozen distinct targets: each is
    # matched against the glossary once (10 ms at 1,000 testimonials otherwise).
    entries: dict[tuple[str, str], tuple[str, str]] = {}

    def entry(kind: str, target: str) -> tuple[str, str]:
        found = entries.get((kind, target))
        if found is None:
            found = entries[kind, target] = (kind, domain.entry_of(kind, target))
        return found

    return {
        docname: {entry(c["kind"], c["target"]) for c in citations}
        for docname, citations in domain.citations.items()
        if docname in domain.testimonials
    }


@cached
def counts(env: BuildEnvironment) -> tuple[Counter[int], Counter[str]]:
    """How many testimonials cite each thesis, and each glossary entry."""
    theses: Counter[int] = Counter()
    terms: Counter[str] = Counter()
    for cited in targets_by_testimonial(env).values():
        for kind, entry in cited:
            if kind == "these":
                theses[int(entry)] += 1
            else:
                terms[entry] += 1
    return theses, terms


@cached
def glossary_entries(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """One record per glossary entry (its first term), with its synonyms."""
    entries: dict[str, dict[str, Any]] = {}
    for key, term in sorted(domain_of(env).terms.items()):
        record = entries.setdefault(term["entry"], {"terms": [], **term})
        record["terms"].append(term["term"])
        if key == term["entry"]:
            record.update(term)
    return entries


@cached
def sorted_testimonials(env: BuildEnvironment) -> list[tuple[str, dict[str, Any]]]:
    """Newest first; undated testimonials last, then by title."""
    items = list(domain_of(env).testimonials.items())
    items.sort(key=lambda item: item[1].get("title", ""))
    items.sort(key=lambda item: item[1].get("date") or "", reverse=True)
    return items


@cached
def citations_by_target(env: BuildEnvironment) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(kind, target) -> one entry per citing place, in page order."""
    domain = domain_of(env)
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for docname in sorted(domain.citations):
        meta = domain.testimonials.get(docname, {})
        for position, citation in enumerate(domain.citations[docname]):
            target = citation["target"]
            if citation["kind"] == "term":  # an inflected form counts under the term it designates
                target = domain.term_key(target) or target
            index.setdefault((citation["kind"], target), []).append({
                "docname": docname,
                "position": position,
                "title": meta.get("title") or docname,
                "byline": byline(meta),
                "anchor": citation["anchor"],
                "excerpt": citation["excerpt"],
            })
    return index
