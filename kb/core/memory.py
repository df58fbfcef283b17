"""Garbage collection during a build: the objects that live for the whole
build are walked once, not at every full collection.

Measured at 1,000 synthetic testimonials (issue 16, ``-j 1``, quiet
machine): CPython's cyclic collector took 6.2 s of a 20.3 s HTML build,
against 1.6 s of 15.1 s for plain Sphinx + MyST + Furo on the same pages.
Two things make it so:

* Sphinx keeps every doctree it reads in memory for the write phase
  (``env._write_doc_doctree_cache``, serial builds), and every full
  collection walks them all again; a testimonial's doctree holds twice the
  objects of a plain page (header block, citation anchors and references).
* Writing a page builds its resolved tree and its « Cité dans », neighbours
  and cards; with the default threshold (700 allocations) these survive the
  young collections, reach the old generation and trigger full ones, each
  walking about a million objects (0.35 s).

So, during a build:

* from the moment the configuration is read, before Sphinx loads the
  previous build's environment, the young generation is collected every
  ``YOUNG_THRESHOLD`` allocations instead of 700: a page's objects mostly
  die before they are looked at;
* every 50 pages read, and at the end of reading (``env-updated``), what
  is alive is frozen (``gc.freeze``) after the young generations are
  collected: the environment and the cached doctrees, which live until the
  write phase, are no longer walked by every full collection. They are
  unfrozen when the build finishes (Python's next full collection releases
  them). The cost is memory: a cached doctree, once written, stays until
  then (the HTML build's peak at 1,000: 374 MiB instead of 301).

Loading the environment is a large part of an incremental build that
reads one page: 4.3 MB unpickled into 150,000 objects the collector tracks,
at 1,000 testimonials. With the default threshold it set off three full
collections, each walking the imported modules and what was loaded so far
(0.10 s of the build); with the young threshold raised before the load,
one (0.015 s). Six paired builds after a one-word edit: 0.79 s instead of
0.86 s (medians).

At 1,000: ``-j 1`` 14.9 s instead of 19.7 s (1.2 s in the collector
instead of 6.0 s); ``-j auto`` 12.7 s instead of 15.7 s, the main
process's peak 416 MiB instead of 221 (with Sphinx's parallel writer it
holds the resolved doctrees of the chunks being written, and fewer full
collections let their garbage wait longer; setting the middle thresholds
lower gave the memory back and the time too).

With ``-j``, Sphinx forks a process for each chunk of pages it reads or
writes. The fork inherits the main process's objects: the environment and,
while writing, the doctrees the main process resolved and has not yet
handed over. A full collection in the fork walked them all, and touching
them made the system copy their memory pages, in every fork. The fork
freezes what it inherits as it starts (``os.register_at_fork``): it lives
for one chunk, and what it leaves is the operating system's to take back.
At 3,000 testimonials, ``-j auto``: 34.6 s instead of 36.9 s, and
instead of 59 s once the header's fields were made while writing (more
objects of the main process not frozen: 21 full collections, 31 s in all
processes, against 6 now).

Two more moments, measured the same way:

* **Writing one book** (Sphinx's LaTeX builder, ``kb_latex_streaming =
  False``): the whole site becomes one tree (every doctree loaded, inlined,
  resolved), which lives until the ``.tex`` is written; each full
  collection walks it again as it grows (2.5 s of a 10 s write phase at
  1,000). Its garbage is bounded by the tree itself, so the collector is
  off while it is written: 7.9 s, the peak 3 % higher. kb's own LaTeX
  builder (kb.write.latexstream) holds one page at a time and needs none
  of this.
* **The end of the process.** Python's finalisation runs full collections
  over everything still alive: 2.7 s after a 15 s HTML build at 1,000
  (1.5 million objects), 5 s after a LaTeX one. The build is over and the
  operating system takes the memory back anyway, so an ``atexit`` handler
  freezes everything: the process ends in 0.06 s. A process that goes on
  after a build (sphinx-autobuild, the tests) is unaffected: the objects
  are unfrozen when the build finishes and collected as usual.

``kb_gc_tuning = False`` turns all this off (the benchmark measures both).
"""

from __future__ import annotations

import atexit
import gc
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

YOUNG_THRESHOLD = 10_000
FREEZE_EVERY = 50
# Builders that assemble the whole site into one tree before writing it.
ONE_BOOK_BUILDERS = frozenset({"latex"})


class _Build:
    """The collector's settings before the build (one build at a time per
    process: sphinx-autobuild runs them one after the other)."""

    thresholds: tuple[int, int, int] | None = None
    pages_read = 0
    disabled = False  # the collector, while one book is written
    exit_handler = False
    fork_handler = False


def start(app: Sphinx, config: object) -> None:
    """``config-inited``: fewer young collections while the environment is loaded
    and pages are read and written."""
    if not app.config.kb_gc_tuning or _Build.thresholds is not None:
        return
    _Build.thresholds = gc.get_threshold()
    _Build.pages_read = 0
    if not _Build.fork_handler:
        os.register_at_fork(after_in_child=_freeze_in_child)
        _Build.fork_handler = True
    _, middle, old = _Build.thresholds
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def _freeze_survivors() -> None:
    gc.collect(1)  # the young garbage (a page's parse) is not to be frozen
    gc.freeze()


def read(app: Sphinx, doctree: object) -> None:
    """``doctree-read``: every ``FREEZE_EVERY`` pages, freeze what reading keeps."""
    if _Build.thresholds is None:
        return
    _Build.pages_read += 1
    if _Build.pages_read % FREEZE_EVERY == 0:
        _freeze_survivors()


def freeze(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: what is alive after reading stays until the end: stop walking it."""
    if _Build.thresholds is not None:
        _freeze_survivors()
    return []


def write(app: Sphinx, builder: object = None) -> None:
    """``write-started``: no collection while one book is assembled and written."""
    one_book = app.builder.name in ONE_BOOK_BUILDERS and not app.config.kb_latex_streaming
    if _Build.thresholds is not None and one_book and gc.isenabled():
        gc.disable()
        _Build.disabled = True


def _freeze_in_child() -> None:
    """In a process forked during a build (a reader or a writer of ``-j``): what
    it inherits is not its own to collect (see the module's docstring)."""
    if _Build.thresholds is not None:
        gc.freeze()


def _freeze_at_exit() -> None:
    """Before Python's last collections: nothing left to walk (see the module's docstring)."""
    gc.freeze()


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: back to Python's own settings."""
    if _Build.thresholds is None:
        return
    if _Build.disabled:
        gc.enable()
        _Build.disabled = False
    gc.unfreeze()
    gc.set_threshold(*_Build.thresholds)
    _Build.thresholds = None
    if not _Build.exit_handler:
        atexit.register(_freeze_at_exit)
        _Build.exit_handler = True


def setup_memory(app: Sphinx) -> None:
    app.connect("config-inited", start, priority=900)
    # After every other handler: what they computed is part of what lives on.
    app.connect("doctree-read", read, priority=900)
    app.connect("env-updated", freeze, priority=900)
    app.connect("write-started", write, priority=900)
    app.connect("build-finished", finish, priority=900)
