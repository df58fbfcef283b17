"""The glossary: French order, and a « Cité dans » slot under each definition."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref

from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import domain_of
from kb.core.french import french_sort_key, shorten
from kb.core.nodes import citedin_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains import Domain


def process_glossaries(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: re-sort sorted glossaries; add the « Cité dans » slots."""
    domain = domain_of(app.env)
    for glossary in doctree.findall(addnodes.glossary):
        for dlist in glossary.findall(nodes.definition_list):
            if glossary.get("sorted"):
                items = list(dlist.children)
                items.sort(key=lambda item: french_sort_key(item[0].astext()))
                dlist.children = items
        for item in glossary.findall(nodes.definition_list_item):
            term_nodes = list(item.findall(nodes.term))
            terms = [term.astext().lower() for term in term_nodes]
            definition = next(iter(item.findall(nodes.definition)), None)
            if definition is None or not terms:
                continue
            text = " ".join(definition.astext().split())
            for term_node in term_nodes:
                domain.note_term(term_node.astext().lower(), {
                    "term": term_node.astext(),
                    "entry": terms[0],
                    "docname": app.env.docname,
                    "anchor": term_node["ids"][0] if term_node["ids"] else "",
                    "definition": text,
                })
            definition += citedin_placeholder(kind="term", target="\n".join(terms))
            domain.note_placeholder(app.env.docname, "citedin")


def warn_unknown_term(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """``warn-missing-reference``: a term absent from the glossary, said in French."""
    if domain.name != "std" or node.get("reftype") != "term":
        return None
    target = node["reftarget"]
    known = domain_of(app.env).terms
    close = difflib.get_close_matches(target.lower(), list(known), n=1, cutoff=0.7)
    hint = f" (vouliez-vous dire « {known[close[0]]['term']} » ?)" if close else ""
    warn(
        f"terme absent du glossaire : « {shorten(target)} »{hint} ; corrigez le terme ou ajoutez-le "
        f"au glossaire (term not in glossary: {shorten(target, 40)!r})",
        KbWarning.UNKNOWN_TERM,
        node,
    )
    return True


def setup_glossary(app: Sphinx) -> None:
    app.connect("doctree-read", process_glossaries)
    app.connect("warn-missing-reference", warn_unknown_term)
