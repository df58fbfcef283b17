"""The citation graph as plain data: testimonials, theses, terms, citations.

Shared by the citation map, the JSON export and « Témoignages proches »;
computed from the ``kb`` domain, never stored on its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment

from kb.domain import KnowledgeBaseDomain

T = TypeVar("T")
RELATED_LIMIT = 3
_cache: WeakKeyDictionary[BuildEnvironment, dict[str, Any]] = WeakKeyDictionary()


def cached(function: Callable[[BuildEnvironment], T]) -> Callable[[BuildEnvironment], T]:
    """Compute *function(env)* once per phase of the build.

    Every page of the write phase asks for the same derived data (the
    neighbours of all testimonials, the facets…): computing it per page
    would make the build quadratic. The cache is emptied whenever the
    domain data may change (``forget``).
    """

    @wraps(function)
    def wrapper(env: BuildEnvironment) -> T:
        store = _cache.setdefault(env, {})
        if function.__name__ not in store:
            store[function.__name__] = function(env)
        return store[function.__name__]

    return wrapper


def forget(*args: Any) -> None:
    """Empty the cache (connected to the events around reading)."""
    for arg in args:
        if isinstance(arg, BuildEnvironment):
            _cache.pop(arg, None)


def domain_of(env: BuildEnvironment) -> KnowledgeBaseDomain:
    return env.get_domain("kb")  # type: ignore[return-value]


def entry_of(env: BuildEnvironment, kind: str, target: str) -> str:
    """The key a citation counts under: the thesis number, or the glossary entry."""
    if kind == "term":
        term = domain_of(env).terms.get(target)
        return term["entry"] if term else target
    return target


@cached
def targets_by_testimonial(env: BuildEnvironment) -> dict[str, set[tuple[str, str]]]:
    """For each testimonial, the set of (kind, entry) it cites."""
    domain = domain_of(env)
    return {
        docname: {(c["kind"], entry_of(env, c["kind"], c["target"])) for c in citations}
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
def related(env: BuildEnvironment) -> dict[str, list[tuple[str, int]]]:
    """For each testimonial, the others sharing the most theses and terms.

    Counting shared targets pair by pair is quadratic (a common glossary term
    is cited by a large share of all testimonials). Instead each target is a
    bit set of the testimonials citing it, and the counts for one testimonial
    are added bit-sliced (one big integer per binary digit of the count): a
    few big-integer operations per target, whatever the number of pages.
    Ties go to the first docname in sorted order, as bits are in that order.
    """
    cited = targets_by_testimonial(env)
    order = sorted(cited)
    masks: dict[tuple[str, str], int] = defaultdict(int)
    for index, docname in enumerate(order):
        for target in cited[docname]:
            masks[target] |= 1 << index
    return {docname: _nearest(order, index, [masks[t] for t in cited[docname]])
            for index, docname in enumerate(order)}


def _nearest(order: list[str], index: int, target_masks: list[int]) -> list[tuple[str, int]]:
    planes: list[int] = []  # planes[p]: the testimonials whose shared count has bit p set
    union = 0
    for mask in target_masks:
        union |= mask
        for p in range(len(planes)):
            carry = planes[p] & mask
            planes[p] ^= mask
            mask = carry
            if not mask:
                break
        else:
            if mask:
                planes.append(mask)
    remaining = union & ~(1 << index)
    result: list[tuple[str, int]] = []
    while remaining and len(result) < RELATED_LIMIT:
        best, count = remaining, 0
        for p in reversed(range(len(planes))):
            if best & planes[p]:
                best &= planes[p]
                count |= 1 << p
        while best and len(result) < RELATED_LIMIT:
            low = best & -best
            result.append((order[low.bit_length() - 1], count))
            best ^= low
            remaining &= ~low
    return result


def export(env: BuildEnvironment, uri: Any) -> dict[str, Any]:
    """The whole graph, for the JSON export; *uri(docname, anchor)* gives a link."""
    domain = domain_of(env)
    return {
        "version": 1,
        "testimonials": [
            {
                "docname": docname,
                "identifiant": meta.get("identifiant"),
                "title": meta.get("title"),
                "auteur": meta.get("auteur"),
                "role": meta.get("role"),
                "organisation": meta.get("organisation"),
                "date": meta.get("date"),
                "themes": meta.get("themes", []),
                "url": uri(docname, ""),
            }
            for docname, meta in sorted(domain.testimonials.items())
        ],
        "theses": [
            {"number": n, "title": t["title"], "summary": t["summary"], "url": uri(t["docname"], t["anchor"])}
            for n, t in sorted(domain.theses.items())
        ],
        "terms": [
            {"term": e["term"], "synonyms": [t for t in e["terms"] if t != e["term"]],
             "definition": e["definition"], "url": uri(e["docname"], e["anchor"])}
            for e in glossary_entries(env).values()
        ],
        "citations": [
            {
                "testimonial": docname,
                "kind": "thesis" if c["kind"] == "these" else "term",
                "target": int(c["target"]) if c["kind"] == "these" else entry_of(env, "term", c["target"]),
                "url": uri(docname, c["anchor"]),
                "line": c["lineno"],
                "excerpt": c["excerpt"],
            }
            for docname in sorted(domain.citations)
            for c in domain.citations[docname]
        ],
    }
