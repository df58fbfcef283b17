"""The PDF in one XeLaTeX pass: what the LaTeX writer adds for it.

The TeX side is ``kbunepasse.sty`` (next to this module, copied beside the
``.tex``): links to destinations named after Sphinx's labels, page numbers
of what is already printed, contents at the end from the same pass, the
outline by the bookmark package. Its header says why each is so.

The writer's part:

* before a section's heading, ``\\kbheadingdests{{label}…}`` announces the
  labels Sphinx writes after it, so that their destinations share the
  heading's anchor (a link lands on the title, not on the line under it);
* the summary at the front: the chapters, as links, known here before TeX
  reaches them (``\\kbchapitres``, used by ``\\kbsommaire``);
* after the labels a list may give the page of (each testimonial, each
  citation: :func:`kb.core.nodes.pdf_page_ref`), ``\\kbpagemark``, which
  records its page; the other labels are not recorded (at 3,000
  testimonials, recording all 30,000 filled TeX's string pool);
* where the book may be cut into pieces, each typeset on its own after an
  edit (``kbtools/build/xelatex.py``), a comment line ``%% kb-morceau: NAME``
  (``PIECE_MARK``): before each testimonial and each chapter (a page the
  root includes), around the front matter and the contents at the end;
  ``%% kb-fin-morceau`` ends a piece followed by what is not one. A page
  nested in anything that writes LaTeX around it (a container, a list)
  starts no piece: each piece must be whole;
* a citation's anchor, an id of the cited words (:mod:`kb.read.citations`),
  which Sphinx's LaTeX writer ignores on an inline: it is set just before
  the link, where a target node would have put it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.writers.latex import LaTeXTranslator

from kb.core.cache import cached
from kb.core.domain import domain_of
from kb.core.graph import citations_by_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE = "kbunepasse"
# Read by kbtools/build/texpieces.py, which has the same two (it cannot import kb).
PIECE_MARK = "%% kb-morceau: "
PIECE_END = "%% kb-fin-morceau"
# What may hold a page that starts a piece: nodes the writer writes nothing around.
PIECE_HOLDERS = (nodes.document, nodes.section, nodes.compound, addnodes.start_of_file)
LABEL = re.compile(r"(\\phantomsection)?\\label\{\\detokenize\{[^{}]*\}\}")
STYLE = Path(__file__).with_name(f"{PACKAGE}.sty")


@cached
def page_targets(env: BuildEnvironment) -> frozenset[str]:
    """The labels whose page a list may give (as the LaTeX writer names them)."""
    testimonials = {f"{docname}::doc" for docname in domain_of(env).testimonials}
    cited = {f"{entry['docname']}:{entry['anchor']}"
             for entries in citations_by_target(env).values() for entry in entries}
    return frozenset(testimonials | cited)


class OnePassTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with what one pass needs (see the module)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._chapters: list[tuple[str, str]] = []  # (label, title in LaTeX)
        self._chapter_title: tuple[str, int] | None = None

    def hypertarget(self, id: str, withdoc: bool = True, anchor: bool = True) -> str:
        target = super().hypertarget(id, withdoc, anchor)
        label = f"{self.curfilestack[-1]}:{id}" if withdoc else id
        if label in page_targets(self.builder.env):
            target += r"\kbpagemark{%s}" % self.idescape(label)
        return target

    def visit_reference(self, node: nodes.Element) -> None:
        words = node[0] if node.children else None
        if isinstance(words, nodes.inline) and not self.in_title:
            for id in words["ids"]:
                self.body.append(self.hypertarget(id, anchor=not self.in_caption))
        super().visit_reference(node)

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        if self._starts_piece(node):
            self.body.append(f"\n{PIECE_MARK}{node['docname']}\n")
        super().visit_start_of_file(node)

    def _starts_piece(self, node: addnodes.start_of_file) -> bool:
        """A testimonial, or a chapter (a page the book's root includes), not nested in other markup."""
        docname = node["docname"]
        if docname not in domain_of(self.builder.env).testimonials and self.curfilestack[-1] != self.curfilestack[0]:
            return False
        parent = node.parent
        while parent is not None:
            if not isinstance(parent, PIECE_HOLDERS):
                return False
            parent = parent.parent
        return True

    def visit_title(self, node: nodes.title) -> None:
        section = node.parent
        if isinstance(section, nodes.section) and not self.this_is_the_title and section["ids"]:
            labels = [self.idescape(f"{self.curfilestack[-1]}:{id}") for id in section["ids"]]
            self.body.append(r"\kbheadingdests{%s}" % "".join("{%s}" % label for label in labels))
            level = min(self.sectionlevel, len(self.sectionnames) - 1)
            if self.sectionnames[level] == "chapter":
                self._chapter_title = (labels[0], len(self.body) + 1)  # after « \chapter{ »
        super().visit_title(node)

    def depart_title(self, node: nodes.title) -> None:
        if self._chapter_title is not None and node.parent is not None and isinstance(node.parent, nodes.section):
            label, start = self._chapter_title
            self._chapter_title = None
            title = LABEL.sub("", "".join(self.body[start:]))  # a target in the title stays there
            self._chapters.append((label, title))
        super().depart_title(node)

    def astext(self) -> str:
        entries = "".join(r"\kbsommaireitem{%s}{%s}" % chapter for chapter in self._chapters)
        self.elements["tableofcontents"] = r"\def\kbchapitres{%s}" % entries + self.elements["tableofcontents"]
        # The front matter and the contents at the end are pieces too.
        self.elements["maketitle"] = f"{PIECE_MARK}kb:debut\n{self.elements['maketitle']}"
        self.elements["tableofcontents"] += f"\n{PIECE_END}"
        self.elements["atendofbody"] = f"{PIECE_MARK}kb:fin\n{self.elements['atendofbody']}\n{PIECE_END}"
        return super().astext()


def copy_style(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the package beside the ``.tex`` (only when it changed:
    the PDF step compares its inputs to skip XeLaTeX when nothing did)."""
    if exception is not None or app.builder.format != "latex":
        return
    target = Path(app.builder.outdir, STYLE.name)
    if not target.is_file() or target.read_bytes() != STYLE.read_bytes():
        shutil.copyfile(STYLE, target)


def setup_latexonepass(app: Sphinx) -> None:
    app.add_latex_package(PACKAGE, after_hyperref=True)
    app.connect("build-finished", copy_style)
