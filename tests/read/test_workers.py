"""Parallel reading: each worker sends back the pages it read, and the main
process still ends with the whole environment (kb/read/workers.py)."""

from __future__ import annotations

import pickle
from collections import defaultdict

from kb.read.workers import PER_PAGE, pages_only
from tests.helpers.builds import SYNTHETIC


def test_a_reading_worker_sends_back_only_its_pages(copy_root, make_app):
    srcdir = copy_root("kb")
    for n in range(10, 50):  # enough pages for several chunks per worker
        (srcdir / "temoignages" / f"synthetique-{n}.md").write_text(
            SYNTHETIC.format(n=n, day=n % 28 + 1, thesis=22))
    app = make_app("html", srcdir=srcdir, parallel=2)
    sent: list[tuple[set[str], dict[str, set[str]]]] = []

    def merged(app, env, docnames, other):
        kb = other.domaindata["kb"]
        tables = {name: set(getattr(other, name)) for name in ("tocs", "titles", "metadata")}
        tables |= {f"kb.{key}": set(kb[key]) for key in ("testimonials", "citations")}
        tables["kb.theses"] = {thesis["docname"] for thesis in kb["theses"].values()}
        sent.append((set(docnames), tables))

    app.connect("env-merge-info", merged)
    app.build()
    assert len(sent) >= 3  # later chunks are forked after earlier ones were merged
    for docnames, tables in sent:
        for name, pages in tables.items():
            assert pages <= docnames, f"{name}: {sorted(pages - docnames)[:3]}"
    assert set().union(*(tables["tocs"] for _, tables in sent)) == set(app.env.all_docs)
    # The environment the main process keeps, and pickles for the next build, is whole.
    stored = pickle.loads((app.doctreedir / "environment.pickle").read_bytes())
    assert set(stored.tocs) == set(stored.metadata) == set(app.env.all_docs)
    testimonials = {doc for doc in app.env.all_docs if doc.startswith("temoignages/synthetique-")}
    assert testimonials <= set(stored.domaindata["kb"]["citations"])
    app.cleanup()


def test_pages_only_cuts_every_per_page_table_and_nothing_else():
    state = {name: {"a": 1, "b": 2} for name in PER_PAGE}
    state["files_to_rebuild"] = {"b": {"a"}}  # merged whole by Sphinx
    state["domaindata"] = {
        "std": {"labels": {"x": ("b", "x", "X")}},
        "kb": {"theses": {1: {"docname": "a"}, 2: {"docname": "b"}}, "terms": {"t": {"docname": "b"}},
               "testimonials": {"a": {}, "b": {}}, "citations": {"b": []}, "placeholders": {"a": ["x"]},
               "git_dates": {"a": "2020", "b": "2021"}, "version": 3},
    }
    state["metadata"] = defaultdict(dict, {"a": {"x": 1}, "b": {}})
    cut = pages_only(state, {"a"})
    assert all(cut[name] == {"a": 1} for name in PER_PAGE if name != "metadata")
    assert cut["metadata"] == {"a": {"x": 1}} and cut["metadata"]["c"] == {}  # still a defaultdict
    assert cut["files_to_rebuild"] == {"b": {"a"}}
    assert cut["domaindata"]["std"] == state["domaindata"]["std"]
    kb = cut["domaindata"]["kb"]
    assert kb["theses"] == {1: {"docname": "a"}} and kb["terms"] == {} and kb["citations"] == {}
    assert kb["testimonials"] == {"a": {}} and kb["git_dates"] == {"a": "2020"} and kb["version"] == 3
    assert state["tocs"] == {"a": 1, "b": 2}  # the environment itself is untouched
