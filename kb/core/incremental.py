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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakSet

from sphinx import addnodes
from sphinx.environment import BuildEnvironment

from kb.core.cache import forget
from kb.core.domain import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Inputs = Callable[[BuildEnvironment], dict[str, Any]]
_providers: list[Inputs] = []
STORED = "kb_rendered_inputs"  # attribute of the pickled environment
FACTS_MAX_PAGES = 20  # above this, comparing facts costs more than it may save


@dataclass
class _Build:
    """What one build noted before reading, for :func:`pages_to_rewrite`."""

    before: dict[str, str]  # each page's digest of the cross-page data it rendered
    # Whether the facts of the pages re-read can be compared: the digests are
    # the stored ones, and no page was removed (its facts would be gone).
    comparable: bool
    facts: dict[str, str | None] | None = None  # docname -> document_facts before reading


_builds: WeakKeyDictionary[BuildEnvironment, _Build] = WeakKeyDictionary()
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
            pages = domain_of(env).pages_holding(kind)
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
    stored = getattr(env, STORED, None)
    if not env.all_docs:
        _builds[env] = _Build({}, comparable=False)
    elif isinstance(stored, dict):
        _builds[env] = _Build(stored, comparable=not removed)
    else:
        _builds[env] = _Build(rendered_inputs(env), comparable=False)
    return []


def document_facts(env: BuildEnvironment, docname: str) -> str:
    """All that *docname* gives other pages to render, as the providers read it:
    its title, toctrees, front matter, citations, placeholders, theses and
    glossary terms."""
    data = domain_of(env).data
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
    build = _builds.get(env)
    if build is not None and build.comparable and len(docnames) <= FACTS_MAX_PAGES:
        build.facts = {doc: document_facts(env, doc) if doc in env.all_docs else None for doc in docnames}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the pages whose cross-page content changed."""
    build = _builds.pop(env, None) or _Build({}, comparable=False)
    # An edit that changed nothing the other pages show (the body of a
    # testimonial, away from its citations) leaves every digest as it was:
    # recomputing them would be most of the build.
    if build.facts is not None and all(
            value is not None and doc in env.all_docs and document_facts(env, doc) == value
            for doc, value in build.facts.items()):
        _unchanged.add(env)
        return []
    _unchanged.discard(env)
    after = rendered_inputs(env)
    setattr(env, STORED, after)
    return sorted(doc for doc, value in after.items()
                  if build.before.get(doc) != value and doc in env.found_docs)


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
