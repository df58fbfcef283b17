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
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment

from kb.graph import forget

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Inputs = Callable[[BuildEnvironment], dict[str, Any]]
_providers: list[Inputs] = []
STORED = "kb_rendered_inputs"  # attribute of the pickled environment
_before: WeakKeyDictionary[BuildEnvironment, dict[str, list[Any]]] = WeakKeyDictionary()


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
    if not env.all_docs:
        _before[env] = {}
    elif isinstance(getattr(env, STORED, None), dict):
        _before[env] = getattr(env, STORED)
    else:
        _before[env] = rendered_inputs(env)
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the pages whose cross-page content changed."""
    before = _before.pop(env, {})
    after = rendered_inputs(env)
    setattr(env, STORED, after)
    return sorted(doc for doc, value in after.items()
                  if before.get(doc) != value and doc in env.found_docs)


def setup_incremental(app: Sphinx) -> None:
    # Derived data is cached per phase: forget it before and after reading.
    app.connect("env-get-outdated", lambda app, env, *changes: forget(env) or [], priority=100)
    app.connect("env-updated", lambda app, env: forget(env) or [], priority=100)
    app.connect("env-get-outdated", remember_inputs)
    app.connect("env-updated", pages_to_rewrite)
