"""The LaTeX book written page by page: each page's doctree is loaded,
resolved and translated in its turn, then dropped.

Sphinx's LaTeX builder makes the whole site one tree before it writes the
``.tex``: it loads every doctree, copies it (``inline_all_toctrees``
deep-copies each one again), resolves the assembled tree and walks it. At
3,000 testimonials that tree is the build's memory peak (1.7 GiB of 1.8).

Here the tree the writer walks holds, in place of each toctree, an empty
``start_of_file`` node per page it includes (the same pages, in the same
order, as ``inline_all_toctrees``: the plan is made from the environment's
toctree graph, without loading a doctree). When the writer enters one, the
page is loaded, its own toctrees become such nodes, it is resolved
(``env.resolve_references``: the post-transforms and ``doctree-resolved``,
for the book's root document, as for the assembled tree), and its nodes are
walked; when the writer leaves, they are dropped. Memory holds one page at a
time, and no page is copied.

What the writer makes of each page is kept for the next build, and pages
are shared out between two processes with ``-j`` (:mod:`kb.write.latexpages`).

The ``.tex`` is byte for byte the one Sphinx's builder writes
(tests/write/test_latexstream.py compares them); ``kb_latex_streaming =
False`` gives Sphinx's builder back. Transforms that gather across pages
(a bibliography of every citation at the end of the book) would gather a
page at a time: the knowledge base has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.console import darkgreen

from kb.write.latexpages import PageCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class StreamingLaTeXBuilder(LaTeXBuilder):
    """Sphinx's LaTeX builder; the book's pages are resolved as they are written."""

    page_cache: PageCache | None = None  # the book being written (kb.write.latexpages)

    def assemble_doctree(self, indexfile: str, toctree_only: bool, appendices: list[str]) -> nodes.document:
        if not self.config.kb_latex_streaming or toctree_only or appendices:
            return super().assemble_doctree(indexfile, toctree_only, appendices)
        logger.info(darkgreen(indexfile))
        self._book_root = indexfile
        self._inlined_in = self._plan(indexfile)
        self.page_cache = PageCache(self, indexfile, self._inlined_in)
        self._page_caches.append(self.page_cache)
        self.docnames = {indexfile, *self._inlined_in}
        tree = self.env.get_doctree(indexfile)
        tree["docname"] = indexfile
        self._defer_toctrees(tree, indexfile)
        logger.info("")
        self._resolve(tree)
        return tree

    def init(self) -> None:
        super().init()
        self._page_caches: list[PageCache] = []

    def write_documents(self, docnames: set[str]) -> None:
        try:
            super().write_documents(docnames)
        finally:
            for cache in self._page_caches:
                # The second process never leaves this method, whatever happened
                # in it (the rest of the build must not happen twice); the
                # writer waits for it.
                cache.finish_worker()
                cache.collect()
        for cache in self._page_caches:  # only once every book is written
            if cache.enabled:
                logger.info(f"Pages reprises de la construction précédente : {cache.reused} ; "
                            f"écrites par un second processus : {len(cache.from_worker)} ; "
                            f"sur {len(cache.stored)} gardées.")
            cache.save()
        self._page_caches = []

    def _plan(self, root: str) -> dict[str, str]:
        """Each page included in the book, with the page it is inlined in: the
        first to list it, depth first, as ``inline_all_toctrees`` walks them."""
        inlined_in: dict[str, str] = {}
        traversed = [root]

        def walk(docname: str) -> None:
            for child in self.env.toctree_includes.get(docname, []):
                if child not in traversed and child in self.env.all_docs:
                    traversed.append(child)
                    inlined_in[child] = docname
                    walk(child)

        walk(root)
        return inlined_in

    def _defer_toctrees(self, tree: nodes.Element, docname: str) -> None:
        """Each toctree of *docname* becomes empty ``start_of_file`` nodes, one per page it inlines."""
        for toctree in list(tree.findall(addnodes.toctree)):
            parts = [addnodes.start_of_file(docname=include, kb_deferred=True)
                     for include in map(str, toctree["includefiles"])
                     if self._inlined_in.get(include) == docname]
            toctree.parent.replace(toctree, parts)

    def load_part(self, part: addnodes.start_of_file) -> None:
        """The page of *part*, resolved, as its children (the writer is entering it)."""
        docname = part["docname"]
        logger.info(" " + darkgreen(docname))
        doctree = self.env.get_doctree(docname)
        self._defer_toctrees(doctree, docname)
        # Resolved inside its own start_of_file, as in the assembled book
        # (Sphinx's :doc label goes to the first section of each).
        wrapper = addnodes.start_of_file(docname=docname)
        wrapper.extend(doctree.children)
        doctree.children = []
        doctree += wrapper
        for section in wrapper.findall(nodes.section):
            section.setdefault("docname", docname)
        self._resolve(doctree)
        self.post_process_images(doctree)
        part.children = []
        part.extend(doctree[0].children)
        del part["kb_deferred"]

    def _resolve(self, doctree: nodes.document) -> None:
        self.env.resolve_references(doctree, self._book_root, self)
        # As Sphinx's builder: a :ref: to a page outside the book becomes its title.
        for pending in list(doctree.findall(addnodes.pending_xref)):
            docname = pending["refdocname"]
            sectname = pending["refsectname"]
            replacement: list[nodes.Node] = [nodes.emphasis(sectname, sectname)]
            for subdir, title in self.titles:
                if docname.startswith(subdir):
                    replacement.extend((nodes.Text(_(" (in ")), nodes.emphasis(title, title), nodes.Text(")")))
                    break
            pending.replace_self(replacement)


class StreamingTranslator:
    """The writer's side (mixed into kb's LaTeX translator): a deferred page
    is loaded on entry and dropped on exit."""

    builder: Any

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        if node.get("kb_deferred"):
            cache = self.builder.page_cache
            if cache is not None:
                node["kb_cached"] = True
                if cache.enter(self, node):  # its part, as written before (last build, or the other process)
                    raise nodes.SkipNode
            self.builder.load_part(node)
        super().visit_start_of_file(node)  # type: ignore[misc]

    def depart_document(self, node: nodes.document) -> None:
        super().depart_document(node)  # type: ignore[misc]
        cache = getattr(self.builder, "page_cache", None)
        if cache is not None:
            cache.finish_worker()  # in the second process, the book is done: stop

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        super().depart_start_of_file(node)  # type: ignore[misc]
        if node.get("kb_cached"):
            self.builder.page_cache.leave(self)
        if isinstance(self.builder, StreamingLaTeXBuilder) and self.builder.config.kb_latex_streaming:
            node.children = []  # written: its nodes can go


def setup_latexstream(app: Sphinx) -> None:
    app.add_builder(StreamingLaTeXBuilder, override=True)
