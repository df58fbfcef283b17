"""Parallel reading (``-j``): a worker sends back the pages it read, not the
whole environment.

Sphinx reads in chunks (√(10 N / processes) pages each, ``make_chunks``), each in a
worker forked from the main process, which returns ``pickle.dumps(env)``: the
environment as it was when the worker was forked, every page merged so far
included, plus its own chunk. The main process unpickles it and merges the
chunk's pages only (``merge_info_from``: Sphinx's collectors and each domain
copy ``other.<table>[docname]`` for the chunk's pages). So what is pickled,
sent and unpickled grows as N √N, and the main process unpickles while the
workers wait for their next chunk.

Measured at 3,000 synthetic testimonials (2 cores, ``-j auto``): the
environment reaches 13 MB (kb's domain 4.7 MB, Sphinx's tables of contents
4.6 MB, metadata 1.9 MB, titles 1 MB); the 25 chunks sent back 6.5 MB each on
average, and reading took 20 s, against 4.2 s at 1,000 (a chunk: 0.5 s at
the start, 1.5 s at the end). With this module: 12.4 s, a chunk 0.3 to 0.7 s
throughout; Sphinx's whole LaTeX build 24 s instead of 35 s.

Here, in a worker, the environment is pickled without the other pages'
entries in the tables merging reads a page at a time: Sphinx's (``PER_PAGE``)
and kb's domain (:meth:`kb.core.domain.KnowledgeBaseDomain.data_of_pages`).
Nothing else changes: the worker reads with the whole environment, the main
process merges exactly what it merged before, and the environment pickled to
disk (by the main process) is whole. Other domains and tables are sent as they
are (small, or merged whole: ``files_to_rebuild``); kb's incremental record
(:mod:`kb.core.incremental`), which only the main process uses, is left out.

The hook is pickling's own (``copyreg``: the reduction of the environment's
class), because Sphinx pickles the environment in the worker right after its
last page, with no event in between; it changes nothing outside a worker.
"""

from __future__ import annotations

import copyreg
import os
import pickle
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment

from kb.core.domain import KnowledgeBaseDomain
from kb.core.incremental import STORED

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

# The environment's tables keyed by docname that Sphinx merges a page at a
# time (``BuildEnvironment.merge_info_from``, and the collectors of
# sphinx/environment/collectors: title, toctree, metadata, dependencies).
PER_PAGE = ("all_docs", "included", "titles", "longtitles", "tocs", "toc_num_entries", "metadata",
            "dependencies")


class _Reading:
    """While pages are read in parallel: the process that forks the workers
    and, in a worker, the pages it read."""

    parent: int | None = None
    pages: set[str] = set()


def in_worker() -> bool:
    """True in a worker forked to read pages in parallel."""
    return _Reading.parent is not None and os.getpid() != _Reading.parent


def start(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (in the main process): the workers to come are its children."""
    _Reading.parent = os.getpid() if app.parallel > 1 else None
    _Reading.pages = set()


def note_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: in a worker, the page is one it sends back."""
    if in_worker():
        _Reading.pages.add(app.env.current_document.docname)


def stop(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (in the main process): reading is over."""
    _Reading.parent = None


def pages_only(state: dict[str, Any], pages: set[str]) -> dict[str, Any]:
    """The environment's pickled *state* (a copy of its ``__dict__``), its per-page tables
    cut down to *pages*."""
    state = dict(state)
    for name in PER_PAGE:
        table = state.get(name)
        if isinstance(table, dict):
            kept = {doc: value for doc, value in table.items() if doc in pages}
            # Sphinx's metadata is a defaultdict: what merging reads of it must stay one.
            state[name] = defaultdict(table.default_factory, kept) if isinstance(table, defaultdict) else kept
    domains = dict(state["domaindata"])
    if KnowledgeBaseDomain.name in domains:
        domains[KnowledgeBaseDomain.name] = KnowledgeBaseDomain.data_of_pages(
            domains[KnowledgeBaseDomain.name], pages)
    state["domaindata"] = domains
    state.pop(STORED, None)  # kb's incremental record: the main process's own, never merged
    return state


def _reduce(env: BuildEnvironment) -> Any:
    reduced = env.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    if not in_worker():
        return reduced
    constructor, arguments, state, *rest = reduced
    return (constructor, arguments, pages_only(state, _Reading.pages), *rest)


def setup_workers(app: Sphinx) -> None:
    copyreg.pickle(BuildEnvironment, _reduce)
    app.connect("env-before-read-docs", start)
    app.connect("doctree-read", note_page)
    app.connect("env-updated", stop)
