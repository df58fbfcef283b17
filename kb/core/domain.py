"""The ``kb`` domain: the store of everything the extension collects across pages.

All data is plain, picklable and keyed so that one document can be cleared
and a parallel worker's documents merged (see ``clear_doc`` and
``merge_domaindata``). Nothing here holds a docutils node.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, TypedDict

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from kb.core.diagnostics import KbWarning, warn
from kb.core.french import fold
from kb.core.normalise import PhraseMatcher, accents_agree

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class Thesis(TypedDict):
    """One thesis of the manifesto, as defined by a ``these`` directive."""

    number: int
    docname: str
    anchor: str
    lineno: int
    title: str
    summary: str


class Term(TypedDict):
    """One glossary entry (a term and its synonyms share one definition)."""

    term: str  # as written in the glossary
    entry: str  # lower-case first term of its entry: synonyms share it
    docname: str
    anchor: str
    definition: str


class Citation(TypedDict):
    """One reference, in a testimonial, to a thesis or a glossary term."""

    kind: str  # "these" or "term"
    target: str  # the thesis number as text, or the glossary term in lower case
    anchor: str  # the id of the target node placed just before the reference
    lineno: int
    excerpt: str  # the sentence in which the reference occurs


def is_testimonial_docname(testimonials_dir: str, docname: str) -> bool:
    """Whether *docname* (``temoignages/x``) is a testimonial: under
    *testimonials_dir*, and not its index. The command line asks this too."""
    prefix = testimonials_dir.strip("/") + "/"
    return docname.startswith(prefix) and docname != prefix + "index"


@functools.lru_cache(maxsize=4)
def _term_matcher(terms: frozenset[tuple[str, str]]) -> PhraseMatcher[str]:
    """The glossary's terms (key, term as written), prepared once per glossary."""
    return PhraseMatcher[str]().add_all((term, key) for key, term in terms)


def domain_of(env: BuildEnvironment) -> KnowledgeBaseDomain:
    return env.get_domain("kb")  # type: ignore[return-value]


def may_hold(app: Sphinx, docname: str, kind: str) -> bool:
    """Whether the doctree of *docname* can hold a placeholder of *kind*.

    Each resolver asks before walking the page: ``doctree-resolved`` runs for
    every page in Sphinx's main process, even with ``-j auto``. (An A/B run of
    three alternated builds at 1,000 testimonials measured no difference
    beyond the machine's noise: the walks are cheap; the check keeps them from
    growing with the number of resolvers.) A book (LaTeX) resolves each of
    its pages for its root document (kb.write.latexstream), so the docname
    says nothing of what the page holds: anything may be in it.
    """
    if app.builder.format == "latex" or app.builder.name == "singlehtml":
        return True
    return kind in domain_of(app.env).placeholders.get(docname, ())


class KnowledgeBaseDomain(Domain):
    """Theses, testimonials and the citations between them."""

    name = "kb"
    label = "Base de connaissances"
    object_types = {"these": ObjType("thèse", "these"), "terme": ObjType("terme du glossaire")}
    dangling_warnings = {
        "these": (
            "la thèse %(target)s n’est définie sur aucune page ; "
            "définissez-la avec la directive « these » (thesis %(target)s is not defined)"
        ),
    }
    initial_data: dict[str, Any] = {
        "theses": {},  # number -> Thesis
        "testimonials": {},  # docname -> metadata dict (see kb.core.frontmatter)
        "citations": {},  # docname -> [Citation, ...] in document order
        "terms": {},  # lower-case term -> Term
        "placeholders": {},  # docname -> sorted list of placeholder kinds it holds
        "git_dates": {},  # docname -> date of last commit when the page was read
    }
    # Bumped whenever the shape of the data above changes.
    data_version = 3

    @property
    def theses(self) -> dict[int, Thesis]:
        return self.data["theses"]

    @property
    def testimonials(self) -> dict[str, dict[str, Any]]:
        return self.data["testimonials"]

    @property
    def citations(self) -> dict[str, list[Citation]]:
        return self.data["citations"]

    @property
    def terms(self) -> dict[str, Term]:
        return self.data["terms"]

    @property
    def placeholders(self) -> dict[str, list[str]]:
        return self.data["placeholders"]

    def note_thesis(self, thesis: Thesis) -> bool:
        """Record a thesis definition; warn and return False when the number is taken."""
        other = self.theses.get(thesis["number"])
        if other is not None and (other["docname"], other["lineno"]) != (
            thesis["docname"],
            thesis["lineno"],
        ):
            warn(
                f"la thèse {thesis['number']} est déjà définie dans "
                f"{self.env.doc2path(other['docname'])}:{other['lineno']} ; "
                "supprimez l’une des deux définitions "
                f"(thesis {thesis['number']} is defined twice)",
                KbWarning.THESIS_DUPLICATE,
                (thesis["docname"], thesis["lineno"]),
            )
            return False
        self.theses[thesis["number"]] = thesis
        return True

    def forget_thesis(self, number: int) -> None:
        """Withdraw a definition recorded by :meth:`note_thesis` (its anchor was taken)."""
        self.theses.pop(number, None)

    def note_placeholder(self, docname: str, kind: str) -> None:
        kinds = set(self.placeholders.get(docname, ()))
        kinds.add(kind)
        self.placeholders[docname] = sorted(kinds)

    def note_testimonial(self, docname: str, metadata: dict[str, Any]) -> None:
        """Record a testimonial's validated front matter (``lines``: field -> line)."""
        self.testimonials[docname] = {**metadata, "title": "", "minutes": 0}

    def note_title(self, docname: str, title: str, minutes: int) -> None:
        """The title and reading time of a testimonial, known once its doctree is read."""
        self.testimonials[docname].update(title=title, minutes=minutes)

    def note_citations(self, docname: str, citations: list[Citation]) -> None:
        self.citations[docname] = citations

    def note_term(self, key: str, term: Term) -> None:
        self.terms[key] = term

    def note_git_date(self, docname: str, date: str) -> None:
        self.data["git_dates"][docname] = date

    @property
    def git_dates(self) -> dict[str, str]:
        return self.data["git_dates"]

    # --- queries -------------------------------------------------------------

    def is_testimonial(self, docname: str) -> bool:
        """Every page under ``kb_testimonials_dir``, except its index, is a testimonial."""
        return is_testimonial_docname(self.env.config.kb_testimonials_dir, docname)

    def entry_of(self, kind: str, target: str) -> str:
        """The key a citation counts under: the thesis number, or the glossary entry."""
        if kind == "term":
            key = self.term_key(target)
            return self.terms[key]["entry"] if key else target
        return target

    def matching_terms(self, target: str) -> list[str]:
        """The glossary terms (keys) that *target* is a form of: the same words up to
        case, plural, feminine, elision and hyphens (:mod:`kb.core.normalise`), written
        with the glossary's accents. ``{term}`agiles` `` is a form of « Agilité »."""
        if target.lower() in self.terms:
            return [target.lower()]
        matcher = _term_matcher(frozenset((key, term["term"]) for key, term in self.terms.items()))
        return sorted(key for key in matcher.lookup(target) if accents_agree(target, self.terms[key]["term"]))

    def term_key(self, target: str) -> str | None:
        """The glossary term a ``{term}`` target designates, when it designates one entry:
        itself, or the entry it is an inflected form of; None when unknown or ambiguous."""
        keys = self.matching_terms(target)
        entries = {self.terms[key]["entry"] for key in keys}
        if len(entries) != 1:
            return None
        entry = entries.pop()
        return entry if entry in keys else keys[0]

    def pages_holding(self, kind: str) -> list[str]:
        """The pages that hold a placeholder of *kind*."""
        return [doc for doc, kinds in self.placeholders.items() if kind in kinds]

    # The tables keyed by docname (the theses and terms name theirs in each entry).
    PER_PAGE = ("testimonials", "citations", "placeholders", "git_dates")

    def clear_doc(self, docname: str) -> None:
        self.data["theses"] = {
            n: t for n, t in self.theses.items() if t["docname"] != docname
        }
        self.data["terms"] = {k: t for k, t in self.terms.items() if t["docname"] != docname}
        for key in self.PER_PAGE:
            self.data[key].pop(docname, None)

    @classmethod
    def data_of_pages(cls, data: dict[str, Any], docnames: Set[str]) -> dict[str, Any]:
        """What belongs to *docnames* in *data*: all that :meth:`merge_domaindata` takes,
        and the data a parallel reading worker sends back (:mod:`kb.read.workers`)."""
        kept = dict(data)
        kept["theses"] = {n: t for n, t in data["theses"].items() if t["docname"] in docnames}
        kept["terms"] = {k: t for k, t in data["terms"].items() if t["docname"] in docnames}
        for key in cls.PER_PAGE:
            kept[key] = {doc: value for doc, value in data[key].items() if doc in docnames}
        return kept

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = self.data_of_pages(otherdata, docnames)
        for thesis in theirs["theses"].values():
            self.note_thesis(thesis)
        self.terms.update(theirs["terms"])
        for key in self.PER_PAGE:
            self.data[key].update(theirs[key])

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ != "these" or not target.isdigit():
            return None
        thesis = self.theses.get(int(target))
        if thesis is None:
            return None
        refnode = make_refnode(
            builder, fromdocname, thesis["docname"], thesis["anchor"], contnode,
            f"Thèse {thesis['number']} : {thesis['title']}",
        )
        refnode["classes"].append("kb-these-ref")
        return refnode

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        refnode = self.resolve_xref(
            env, fromdocname, builder, "these", target, node, contnode
        )
        return [("kb:these", refnode)] if refnode is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        # Feeds the search index: « thèse 22 » finds the thesis itself. The name
        # differs from the anchor on purpose: Sphinx's search only keeps an anchor
        # that is not derivable from the name, and rebuilds a wrong one otherwise.
        for number, thesis in sorted(self.theses.items()):
            yield (
                f"these {number}",
                f"Thèse {number}",
                "these",
                thesis["docname"],
                thesis["anchor"],
                1,
            )
        # Sphinx matches object names without folding accents: a reader typing
        # « ecosysteme » finds the glossary entry through this unaccented name.
        for key, term in sorted(self.terms.items()):
            folded = fold(term["term"])
            if folded != term["term"].lower():
                yield (f"terme {key}", folded, "terme", term["docname"], term["anchor"], 1)
