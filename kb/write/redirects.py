"""Permanent addresses: ``t/T-001.html`` for each testimonial, redirects from
the old addresses of a renamed testimonial, and no page left behind for a
deleted one.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from kb.core.config import permalink
from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import domain_of
from kb.core.editions import is_web
from kb.core.manifest import OutputManifest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-redirects.json"
_removed: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
</head><body><p>Ce témoignage se trouve à l’adresse <a href="{url}">{title}</a>.</p></body></html>
"""


def redirects(env: BuildEnvironment) -> dict[str, str]:
    """Every redirecting address (a pagename) and the docname it leads to."""
    result: dict[str, str] = {}
    for docname, meta in sorted(domain_of(env).testimonials.items()):
        if meta.get("identifiant"):
            result[permalink(meta["identifiant"])] = docname
        for old in meta.get("anciennes_adresses", []):
            if old not in env.found_docs:
                result[old] = docname
    return result


def check_old_addresses(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: an old address must not be a page of today."""
    for docname, meta in sorted(domain_of(env).testimonials.items()):
        for old in meta.get("anciennes_adresses", []):
            if old in env.found_docs:
                warn(f"« {old} » est une page existante, pas une ancienne adresse ; retirez-la "
                     f"de anciennes_adresses (old address {old!r} is a current page)",
                     KbWarning.FRONT_MATTER, (docname, meta["lines"].get("anciennes_adresses", 1)))


def note_removed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:
    """``env-get-outdated``: remember the deleted pages, to delete their output."""
    _removed[env] = set(removed)
    return []


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: redirect pages; the output of deleted pages removed."""
    if exception is not None or not is_web(app):
        return
    env = app.env
    targets = redirects(env)
    pages: dict[str, str] = {}
    for pagename, docname in targets.items():
        url = relative_uri(pagename + app.builder.out_suffix, app.builder.get_target_uri(docname))
        title = domain_of(env).testimonials[docname].get("title") or docname
        pages[pagename] = PAGE.format(title=escape(title), url=escape(url))
    # Unwanted redirects are deleted (and the output of deleted pages);
    # unchanged ones are not rewritten (a thousand small writes would cost a
    # no-change build a quarter second).
    manifest = OutputManifest(app.outdir, MANIFEST, app.builder.out_suffix)
    fingerprints = {name: hashlib.blake2b(page.encode(), digest_size=8).hexdigest() for name, page in pages.items()}
    for pagename in manifest.update(fingerprints, also_remove=_removed.pop(env, set()), keep=set(env.found_docs)):
        path = manifest.output(pagename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages[pagename], encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_removed)
    app.connect("env-check-consistency", check_old_addresses)
    app.connect("build-finished", write_redirects)
