"""Derived data computed once per phase of the build.

Every page of the write phase asks for the same derived data (the
neighbours of all testimonials, the facets…): computing it per page would
make the build quadratic. The cache is emptied whenever the domain data may
change (:func:`forget`, connected by :mod:`kb.core.incremental`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment

T = TypeVar("T")
_cache: WeakKeyDictionary[BuildEnvironment, dict[str, Any]] = WeakKeyDictionary()


def cached(function: Callable[[BuildEnvironment], T]) -> Callable[[BuildEnvironment], T]:
    """Compute *function(env)* once per phase of the build."""
    key = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def wrapper(env: BuildEnvironment) -> T:
        store = _cache.setdefault(env, {})
        if key not in store:
            store[key] = function(env)
        return store[key]

    return wrapper


def forget(*args: Any) -> None:
    """Empty the cache of every environment among *args* (an event's arguments)."""
    for arg in args:
        if isinstance(arg, BuildEnvironment):
            _cache.pop(arg, None)
