"""« Témoignages proches »: the bit-sliced ranking equals the plain definition."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.resolve.related import RELATED_LIMIT, _nearest


def by_definition(cited: dict[str, set[int]]) -> dict[str, list[tuple[str, int]]]:
    """Count shared targets pair by pair; most shared first, then docname order."""
    citing: dict[int, list[str]] = defaultdict(list)
    for docname, targets in cited.items():
        for target in targets:
            citing[target].append(docname)
    result = {}
    for docname, targets in cited.items():
        shared: Counter[str] = Counter()
        for target in targets:
            shared.update(other for other in citing[target] if other != docname)
        result[docname] = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:RELATED_LIMIT]
    return result


def bit_sliced(cited: dict[str, set[int]]) -> dict[str, list[tuple[str, int]]]:
    order = sorted(cited)
    masks: dict[int, int] = defaultdict(int)
    for index, docname in enumerate(order):
        for target in cited[docname]:
            masks[target] |= 1 << index
    return {d: _nearest(order, i, [masks[t] for t in cited[d]]) for i, d in enumerate(order)}


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("abcdef", min_size=1, max_size=3),
                       st.sets(st.integers(0, 20), max_size=25), max_size=40))
def test_bit_sliced_ranking_equals_pairwise_counting(cited):
    assert bit_sliced(cited) == by_definition(cited)


def test_counts_above_fifteen_and_ties():
    many = set(range(20))
    cited = {"a": many, "b": many, "c": set(range(17)), "d": set(range(17)), "e": {0}}
    assert bit_sliced(cited)["a"] == [("b", 20), ("c", 17), ("d", 17)]
    assert bit_sliced(cited)["e"] == [("a", 1), ("b", 1), ("c", 1)]
