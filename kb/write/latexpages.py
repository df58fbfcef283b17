"""Each page's part of the LaTeX book, kept from one build to the next.

After a one-page edit, the LaTeX builder writes the whole book again: at
1,000 testimonials, loading, resolving and translating every page was 6 of
the 8 seconds of the build, for one page that changed. The book is written
a page at a time (:mod:`kb.write.latexstream`); here what the writer
produced for each page (its part of the body, and the writer's state when
it left the page) is stored beside the doctrees, and an unchanged page's
part is taken back instead of the page being loaded, resolved and
translated again.

A part is taken back only when everything it was made from is as it was:

* the page: its doctree file (Sphinx rewrites it whenever it reads the page);
* what other pages give it: the incremental engine's digest of the
  cross-page data the page renders (« Cité dans », related testimonials…:
  :mod:`kb.core.incremental`, the same data that decides which HTML pages
  are rewritten), and, for Sphinx's own cross-references, the titles,
  labels and section and figure numbers of every page, kb's theses and
  terms, and the book's plan;
* the writer: its state when it enters the page (section level, open
  files, abbreviations already explained…: every plain attribute of the
  translator), the configuration, the versions of Sphinx, docutils,
  Pygments (code is highlighted as it is written), kb and every other
  extension (their visitors write their nodes), the project's translation
  catalogs (the words the writer adds);
* the output folder: the files the page wrote there while it was resolved
  (the citation map, as a PDF) are still there.

A page that warned while it was written is not kept (the next build warns
again, and a strict build fails again), nor is a page that includes other
pages (the few pages that make the book's skeleton are always written).
The ``.tex`` is byte for byte the one a build from scratch writes
(tests/write/test_latexpages.py compares them after edits of every kind).

The same parts make the writing parallel (with ``-j`` above 1): when the
writer enters the first page it must translate and many more are ahead
(a build from scratch), it forks, and the pages ahead are shared out one
in two. The other process skips the writer's pages, translates its own
from the state the writer was in when it forked (a skipped page leaves
the state as it was), and sends each part through a pipe as soon as it is
made. When the writer reaches one of those pages, it takes the part like
any other: by its key, so a part made from a state the writer is not in
(a page before explained an abbreviation) is not used, and the page is
translated there and then. The other process writes no file and shows
nothing: a page that warned there is translated again by the writer,
which warns.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import os
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import docutils
import pygments
import sphinx
from docutils import nodes
from sphinx.util.parallel import parallel_available

from kb.core.domain import domain_of
from kb.core.editions import WRITTEN
from kb.core.incremental import STORED
from kb.core.version import code_version

if TYPE_CHECKING:
    from sphinx.builders.latex import LaTeXBuilder
    from sphinx.writers.latex import LaTeXTranslator

FORMAT = 2  # of the stored file
# Attributes of the translator that are not state a page depends on: the
# output itself, stacks a page leaves as it found them (checked), objects
# shared by the whole build, and the summary's chapters (a page adds to it,
# nothing reads it before the end: replayed, not compared).
NOT_STATE = frozenset({
    "body", "bodystack", "context", "builder", "document", "settings", "config", "elements",
    "highlighter", "babel", "theme", "_domains", "_chapters",
})
ACCUMULATED = "_chapters"
PARALLEL_MIN = 40  # pages ahead to translate: below, a second process is not worth it
PLAIN = (str, int, float, bool, type(None))
_MISSING = object()


def _canonical(value: Any, strict: bool = True) -> Any:
    """*value* in a form whose ``repr`` is the same in every process. Anything
    but plain data (nodes, objects) raises TypeError, or, unless *strict*,
    stands as its type and text (a lazy translation is its text; an object
    whose text is its address never matches, which is safe)."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(item, strict) for item in value)
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(_canonical(item, strict)) for item in value)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(_canonical(k, strict)), _canonical(v, strict)) for k, v in value.items())))
    if strict:
        raise TypeError(type(value).__name__)
    return (type(value).__name__, str(value))


def writer_state(translator: LaTeXTranslator) -> dict[str, Any] | None:
    """The translator's state that a page's output may depend on; None if
    some of it is not plain data (then the page is neither taken back nor kept)."""
    state = {}
    for name, value in vars(translator).items():
        if name in NOT_STATE or callable(value):
            continue
        if getattr(type(translator), name, _MISSING) == value:  # as if never set (a class default)
            continue
        try:
            _canonical(value)
        except TypeError:
            return None
        state[name] = value
    return state


def _digest(*values: Any) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


@dataclass
class Part:
    """What the writer made of one page."""

    key: str
    source: tuple[Any, ...]  # the page's doctree file and rendered data (predicts a miss without a state)
    text: list[str]  # the page's body: all but its last string joined, and the last
    state: dict[str, Any]  # the writer's state as it left the page
    chapters: list[Any] = field(default_factory=list)  # entries the page added to the summary
    images: dict[str, str] = field(default_factory=dict)  # images it registered (source -> name)
    outputs: tuple[str, ...] = ()  # files it wrote in the output folder (a map, as a PDF)


@dataclass
class _Open:
    """A page the writer is in: what its part will be compared with on leaving."""

    docname: str
    key: str | None  # None: the page is written, not kept
    source: tuple[Any, ...] = ()
    body: list[str] = field(default_factory=list)
    start: int = 0
    warnings: int = 0
    stacks: tuple[int, int] = (0, 0)
    chapters: int = 0
    images: frozenset[str] = frozenset()
    written: int = 0  # files written beside the .tex before entering (kb.core.editions.write_beside)


class _Worker:
    """The writer's side of the other process: its parts arrive through a
    pipe, read by a thread as they come (the process never waits to write)."""

    def __init__(self, pid: int, pages: frozenset[str], reading: int) -> None:
        self.pid, self.pages = pid, pages
        self._parts: dict[str, Part] = {}
        self._ended = False
        self.status: int | None = None
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(reading,), daemon=True)
        self._reader.start()

    def _read(self, reading: int) -> None:
        with os.fdopen(reading, "rb") as pipe:
            while True:
                try:
                    docname, part = pickle.load(pipe)
                except Exception:  # noqa: BLE001 - the end, or a process that stopped half-way
                    break
                with self._arrived:
                    self._parts[docname] = part
                    self._arrived.notify_all()
        with self._arrived:
            self._ended = True
            self._arrived.notify_all()

    def part(self, docname: str) -> Part | None:
        """The part of *docname*, once it has arrived; None if it never will."""
        with self._arrived:
            self._arrived.wait_for(lambda: docname in self._parts or self._ended)
            return self._parts.pop(docname, None)

    def close(self) -> None:
        self._reader.join()
        self.status = os.waitpid(self.pid, 0)[1]  # 0: it stopped where it must (finish_worker)


class PageCache:
    """The parts of one book (one ``latex_documents`` entry)."""

    def __init__(self, builder: LaTeXBuilder, root: str, inlined_in: dict[str, str]) -> None:
        self.builder = builder
        self.path = Path(builder.doctreedir, f"kb-latex-{root.replace('/', '--')}.pickle")
        self.parents = set(inlined_in.values()) | {root}
        self.inlined_in = inlined_in
        self.reused = 0
        self.worker: _Worker | None = None
        self.from_worker: set[str] = set()
        self._worker_decided = False
        self._skip: frozenset[str] = frozenset()  # in the other process: the pages the writer does
        self._handover: BinaryIO | None = None  # in the other process: the pipe to the writer
        self.stored: dict[str, Part] = {}
        self._open: list[_Open] = []
        env = builder.env
        self.enabled = bool(builder.config.kb_latex_page_cache) and isinstance(getattr(env, STORED, None), dict)
        self.common = self._common_key(root, inlined_in) if self.enabled else ""
        self.previous = self._load() if self.enabled else {}

    # --- what a part depends on ---------------------------------------------------

    def _common_key(self, root: str, inlined_in: dict[str, str]) -> str:
        env = self.builder.env
        config = []
        for option in self.builder.config:
            text = repr(_canonical(option.value, strict=False))  # a set's order changes with every process
            if " at 0x" not in text:  # a function's repr changes with every process
                config.append((option.name, text))
        std = env.domaindata.get("std", {})
        data = domain_of(env).data
        # Every extension's version: a new sphinx-design writes its nodes otherwise.
        extensions = sorted((name, str(extension.version)) for name, extension in self.builder._app.extensions.items())
        # The translations of the words the writer adds (« Voir aussi »…): the pages are not read again for them.
        catalogs = hashlib.blake2b(digest_size=16)
        for folder in self.builder.config.locale_dirs:
            for catalog in sorted(Path(self.builder.srcdir, folder).rglob("*.mo")):
                catalogs.update(catalog.as_posix().encode() + b"\0" + catalog.read_bytes())
        return _digest(
            FORMAT, sphinx.__version__, docutils.__version__, pygments.__version__, code_version(), extensions,
            catalogs.hexdigest(),
            root, list(inlined_in.items()),
            sorted(config),
            sorted((docname, title.astext()) for docname, title in env.titles.items()),
            *(repr(_canonical(std.get(kind, {}), strict=False))
              for kind in ("labels", "anonlabels", "objects", "progoptions")),
            repr(_canonical(env.toc_secnumbers, strict=False)), repr(_canonical(env.toc_fignumbers, strict=False)),
            repr(_canonical(data.get("theses", {}), strict=False)),
            repr(_canonical(data.get("terms", {}), strict=False)),
        )

    def _source(self, docname: str) -> tuple[Any, ...] | None:
        """The page's own inputs: its doctree file, and the cross-page data it renders."""
        try:
            stat = Path(self.builder.doctreedir, f"{docname}.doctree").stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size, getattr(self.builder.env, STORED, {}).get(docname)

    def _key(self, docname: str, state: dict[str, Any], source: tuple[Any, ...] | None = None) -> str | None:
        source = source or self._source(docname)
        if source is None:
            return None
        return _digest(self.common, docname, source, _canonical(state), _canonical(self.builder.images))

    # --- the writer's side ------------------------------------------------------------

    def enter(self, translator: LaTeXTranslator, node: nodes.Element) -> bool:
        """The writer enters a page: True if its part was taken back (the
        page is then not loaded, and the writer skips it)."""
        docname = node["docname"]
        if docname in self._skip:  # in the other process: the writer translates this one
            return True
        state = writer_state(translator) if self.enabled and docname not in self.parents else None
        source = self._source(docname) if state is not None else None
        key = self._key(docname, state, source) if source is not None else None
        if key is None:
            self._open.append(_Open(docname, None))
            return False
        part = self.previous.get(docname)
        if self.worker is not None and docname in self.worker.pages:
            part = self.worker.part(docname) or part  # made by the other process (None if it could not)
        if part is not None and part.key == key and self._outputs_exist(part):
            translator.body.extend(part.text)
            for name, value in part.state.items():
                setattr(translator, name, copy.deepcopy(value))
            getattr(translator, ACCUMULATED, []).extend(part.chapters)
            self.builder.images.update(part.images)
            self.stored[docname] = part
            if part is self.previous.get(docname):
                self.reused += 1
            else:
                self.from_worker.add(docname)
            return True
        if self._start_worker(translator, node):
            return True
        self._open.append(_Open(
            docname, key, source, translator.body, len(translator.body), self._warnings(),
            (len(translator.context), len(translator.bodystack)),
            len(getattr(translator, ACCUMULATED, [])), frozenset(self.builder.images), len(self._written())))
        return False

    def leave(self, translator: LaTeXTranslator) -> None:
        """The writer leaves the page it last entered without taking it back:
        keep its part, if it can be kept."""
        page = self._open.pop()
        part = self._part(translator, page)
        if part is not None:
            self.stored[page.docname] = part
        if self._handover is not None and page.key is not None:
            # In the other process: to the writer at once (None: it translates the page itself).
            pickle.dump((page.docname, part), self._handover, protocol=pickle.HIGHEST_PROTOCOL)
            self._handover.flush()

    def _part(self, translator: LaTeXTranslator, page: _Open) -> Part | None:
        """What the writer made of *page*, or None if it cannot be taken back
        (it warned, it left the writer's stacks otherwise than it found them,
        or the writer's state is not plain data)."""
        if page.key is None or translator.body is not page.body or self._warnings() != page.warnings:
            return None
        if (len(translator.context), len(translator.bodystack)) != page.stacks:
            return None
        state = writer_state(translator)
        if state is None:
            return None
        body = translator.body[page.start:]
        text = ["".join(body[:-1]), body[-1]] if len(body) > 1 else list(body)
        images = {source: name for source, name in self.builder.images.items() if source not in page.images}
        chapters = list(getattr(translator, ACCUMULATED, [])[page.chapters:])
        outputs = tuple(sorted(set(self._written()[page.written:])))
        return Part(page.key, page.source, text, copy.deepcopy(state), chapters, images, outputs)

    # Resolving a page may write a file beside the .tex (kb's citation map, as
    # a PDF: kb.core.editions.write_beside notes it): a part is taken back
    # only while what its page wrote is there.
    def _written(self) -> list[str]:
        return getattr(self.builder, WRITTEN, [])

    def _outputs_exist(self, part: Part) -> bool:
        return all(os.path.isfile(os.path.join(self.builder.outdir, name)) for name in part.outputs)

    def _warnings(self) -> int:
        return self.builder._app._warncount  # Sphinx's count of this build's warnings

    # --- a second process -------------------------------------------------------------

    def _start_worker(self, translator: LaTeXTranslator, node: nodes.Element) -> bool:
        """Entering a page to translate: if many pages ahead must be translated
        too, fork, and share them out one in two. Returns True in the other
        process when the page being entered is the writer's."""
        # Decided once, at the first page to translate: the pages ahead of any
        # later one are among those counted here (and each count stats them all).
        if self._worker_decided:
            return False
        self._worker_decided = True
        if not parallel_available or self.builder._app.parallel <= 1:
            return False
        plan = list(self.inlined_in)
        ahead = [doc for doc in plan[plan.index(node["docname"]):] if doc not in self.parents]
        to_translate = [doc for doc in ahead if (source := self._source(doc)) is not None
                        and (doc not in self.previous or self.previous[doc].source != source)]
        if len(to_translate) < PARALLEL_MIN:
            return False
        # One in two: neighbours cost about the same, so the two processes
        # finish together, whatever the shape of the book.
        mine, theirs = frozenset(to_translate[0::2]), frozenset(to_translate[1::2])
        reading, writing = os.pipe()
        pid = os.fork()
        if pid:
            os.close(writing)
            self.worker = _Worker(pid, theirs, reading)
            return False
        # The other process: silent (its warnings are still counted), it skips the writer's pages.
        os.close(reading)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        for handler in logging.getLogger("sphinx").handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(io.StringIO())
        self._skip, self._handover = mine, os.fdopen(writing, "wb")
        return node["docname"] in mine

    def finish_worker(self) -> None:
        """In the other process, at the end of the book (or of a failure): stop
        here, without cleaning up (exit handlers belong to the writer's process)."""
        if self._handover is not None:
            try:
                self._handover.close()
            finally:
                os._exit(0)

    def collect(self) -> None:
        """Wait for the other process to end (the parts it made are taken)."""
        if self.worker is not None:
            self.worker.close()

    # --- between builds ---------------------------------------------------------------

    def _load(self) -> dict[str, Part]:
        try:
            with self.path.open("rb") as file:
                stored_format, common, parts = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return {}
        return parts if stored_format == FORMAT and common == self.common else {}

    def save(self) -> None:
        """Keep this build's parts (written whole, or not at all)."""
        if not self.enabled or self.stored == self.previous:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as file:
                pickle.dump((FORMAT, self.common, self.stored), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)
