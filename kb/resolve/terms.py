"""``{term}`réseaux sociaux` ``, ``{term}`agiles` ``: a glossary term written as
the sentence needs it resolves to its entry, without ``<Cible>``.

Sphinx matches a ``{term}`` target with the glossary's terms up to case only.
When it finds none, this module tries the French normalisation of
:mod:`kb.core.normalise` (plural, feminine, elision, hyphens; the accents must
be the glossary's): a target that is a form of exactly one entry links to it,
and its citation counts under that entry (:meth:`kb.core.domain.KnowledgeBaseDomain.term_key`).
It stays strict: a form of two entries is an error naming both; an unknown
form is left to the « terme absent du glossaire » error of :mod:`kb.read.glossary`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.addnodes import pending_xref

from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def resolve_term_form(app: Sphinx, env: BuildEnvironment, node: pending_xref,
                      contnode: nodes.TextElement) -> nodes.Element | None:
    """``missing-reference``: a ``{term}`` whose target is a form of one glossary entry."""
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return None
    target = node["reftarget"]
    domain = domain_of(env)
    key = domain.term_key(target)
    if key is not None:
        std = env.get_domain("std")
        return std.resolve_xref(env, node.get("refdoc", ""), app.builder, "term", key, node, contnode)
    entries = sorted({domain.terms[k]["entry"] for k in domain.matching_terms(target)})
    if len(entries) < 2:
        return None  # unknown: kb.read.glossary says so
    names = " et ".join(f"« {domain.terms[entry]['term']} »" for entry in entries)
    first = domain.terms[entries[0]]["term"]
    warn(f"terme ambigu : « {target} » peut désigner les entrées {names} du glossaire ; précisez laquelle, "
         f"par exemple {{term}}`{target} <{first}>` (ambiguous glossary term {target!r})",
         KbWarning.UNKNOWN_TERM, node)
    return contnode  # reported: no second warning


def setup_terms(app: Sphinx) -> None:
    app.connect("missing-reference", resolve_term_form)
