"""Which pages an incremental build must rewrite.

Sphinx rewrites the pages it re-read; a page that only *shows* data of other
pages (a « Cité dans » list, the catalog, the previous/next links) would keep
stale content. Each feature registers a function that returns, for every page,
the cross-page data it renders, as plain comparable values. Before reading
(``env-get-outdated``) and after (``env-updated``) the values are computed and
compared: the pages whose values differ are rewritten, and no others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakSet

from sphinx import addnodes
from sphinx.environment import BuildEnvironment

from kb.graph import forget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Inputs = Callable[[BuildEnvironment], dict[str, Any]]
_providers: list[Inputs] = []
STORED = "kb_rendered_inputs"  # attribute of the pickled environment
_before: WeakKeyDictionary[BuildEnvironment, dict[str, list[Any]]] = WeakKeyDictionary()
# The facts each page re-read in this build gave the others, before reading.
_facts: WeakKeyDictionary[BuildEnvironment, dict[str, str | None]] = WeakKeyDictionary()
_shortcut: WeakKeyDictionary[BuildEnvironment, bool] = WeakKeyDictionary()
FACTS_MAX_PAGES = 20  # above this, comparing facts costs more than it may save
_unchanged: WeakSet[BuildEnvironment] = WeakSet()


def register(provider: Inputs) -> Inputs:
    """Declare a function ``env -> {docname: value}`` of cross-page inputs."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_for_placeholder(kind: str) -> Callable[[Callable[[BuildEnvironment], Any]], Any]:
    """Declare ``env -> value``: what every page holding a *kind* placeholder shows."""

    def decorator(compute: Callable[[BuildEnvironment], Any]) -> Callable[[BuildEnvironment], Any]:
        def provider(env: BuildEnvironment) -> dict[str, Any]:
            placeholders = env.get_domain("kb").data["placeholders"]
            pages = [doc for doc, kinds in placeholders.items() if kind in kinds]
            return dict.fromkeys(pages, compute(env)) if pages else {}

        provider.__name__ = compute.__name__
        register(provider)
        return compute

    return decorator


def rendered_inputs(env: BuildEnvironment) -> dict[str, str]:
    """A digest, per page, of the cross-page data it renders."""
    inputs: dict[str, list[Any]] = {}
    for provider in _providers:
        for docname, value in provider(env).items():
            inputs.setdefault(docname, []).append((provider.__name__, value))
    return {docname: hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()
            for docname, value in inputs.items()}


def remember_inputs(app: Sphinx, env: BuildEnvironment, added: set[str],
                    changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: note what each page rendered before this build.

    The digests computed at the end of the previous reading phase are
    pickled with the environment; computing them again here would cost as
    much as the rest of a no-change build.
    """
    _facts.pop(env, None)
    # A removed page's facts are gone before they could be compared.
    _shortcut[env] = bool(env.all_docs) and not removed
    if not env.all_docs:
        _before[env] = {}
    elif isinstance(getattr(env, STORED, None), dict):
        _before[env] = getattr(env, STORED)
    else:
        _before[env] = rendered_inputs(env)
    return []


def document_facts(env: BuildEnvironment, docname: str) -> str:
    """All that *docname* gives other pages to render, as the providers read it:
    its title, toctrees, front matter, citations, placeholders, theses and
    glossary terms."""
    data = env.get_domain("kb").data
    toc = env.tocs.get(docname)
    toctrees = [(t.get("caption"), t.get("entries"), t.get("hidden"), t.get("includefiles"))
                for t in (toc.findall(addnodes.toctree) if toc is not None else ())]
    terms = sorted((name, anchor) for (objtype, name), (doc, anchor)
                   in env.get_domain("std").objects.items() if objtype == "term" and doc == docname)
    return repr((
        env.titles[docname].astext() if docname in env.titles else None,
        env.toctree_includes.get(docname), toctrees,
        # Sphinx's word count changes with every edit and no other page shows it.
        {k: v for k, v in env.metadata.get(docname, {}).items() if k != "wordcount"},
        data["testimonials"].get(docname), data["citations"].get(docname),
        data["placeholders"].get(docname), data["git_dates"].get(docname),
        sorted((n, repr(t)) for n, t in data["theses"].items() if t["docname"] == docname),
        sorted((k, repr(t)) for k, t in data["terms"].items() if t["docname"] == docname),
        terms,
    ))


def note_facts(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: what the pages about to be re-read gave the others."""
    if _shortcut.pop(env, False) and len(docnames) <= FACTS_MAX_PAGES:
        _facts[env] = {doc: document_facts(env, doc) if doc in env.all_docs else None for doc in docnames}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the pages whose cross-page content changed."""
    before = _before.pop(env, {})
    facts = _facts.pop(env, None)
    # An edit that changed nothing the other pages show (the body of a
    # testimonial, away from its citations) leaves every digest as it was:
    # recomputing them would be most of the build.
    if facts is not None and before is getattr(env, STORED, None) and all(
            value is not None and doc in env.all_docs and document_facts(env, doc) == value
            for doc, value in facts.items()):
        _unchanged.add(env)
        return []
    _unchanged.discard(env)
    after = rendered_inputs(env)
    setattr(env, STORED, after)
    return sorted(doc for doc, value in after.items()
                  if before.get(doc) != value and doc in env.found_docs)


def cross_page_data_unchanged(env: BuildEnvironment) -> bool:
    """Whether the pages re-read in this build gave the others exactly the same
    facts as before (see :func:`document_facts`): outputs derived from the
    whole knowledge base, such as exports, are then as the last build left them."""
    return env in _unchanged


def setup_incremental(app: Sphinx) -> None:
    # Derived data is cached per phase: forget it before and after reading.
    app.connect("env-get-outdated", lambda app, env, *changes: forget(env) or [], priority=100)
    app.connect("env-updated", lambda app, env: forget(env) or [], priority=100)
    app.connect("env-get-outdated", remember_inputs)
    app.connect("env-before-read-docs", note_facts)
    app.connect("env-updated", pages_to_rewrite)
