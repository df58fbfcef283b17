"""Builds of test roots: tracking what an incremental build reads and writes,
comparing it with a clean build, and a parallel build with a serial one."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import warnings_of

SYNTHETIC = """---
identifiant: T-{n:03d}
auteur: Personne Synthétique {n}
date: 2022-01-{day:02d}
---

# Témoignage synthétique {n}

Phrase d’ouverture {n}. Le numéro {n} cite la {{these}}`{thesis}` dans cette phrase. Puis la {{term}}`relation client <Relation client>`.
"""


# Sphinx rewrites the pages whose toctree lists an edited page (their navigation).
TOCTREE_PARENTS = ["index", "temoignages/index"]


def citedin(html: str, anchor: str) -> str:
    """The « Cité dans » block that follows *anchor* in a page."""
    start = html.index(f'id="{anchor}"')
    block = html.index('<div class="kb-cite-dans', start)
    return html[block:html.index("</div>", block)]


def pages(outdir: Path) -> dict[str, str]:
    return {str(p.relative_to(outdir)): p.read_text() for p in sorted(outdir.rglob("*.html"))}


def build_tracking(make_app, srcdir: Path, **kwargs):
    """Build; return the app, the documents read and the documents written."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    read: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.connect("doctree-resolved", lambda app, doctree, docname: written.append(docname))
    app.build()
    app.cleanup()  # unregister its nodes, so that the next app in this test starts clean
    return app, sorted(read), sorted(written)


def parallel_and_serial(make_app, srcdir: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The pages of *srcdir* built with -j 2 and, from a copy, with -j 1; the
    parallel build must not warn."""
    serial = tmp_path / "serial"
    shutil.copytree(srcdir, serial)
    parallel_app = make_app("html", srcdir=srcdir, parallel=2)
    parallel_app.build()
    assert warnings_of(parallel_app) == ""
    parallel_app.cleanup()
    serial_app = make_app("html", srcdir=serial, parallel=1)
    serial_app.build()
    serial_app.cleanup()
    return pages(parallel_app.outdir), pages(serial_app.outdir)


def clean_build(make_app, srcdir: Path, tmp_path: Path) -> dict[str, str]:
    copy = tmp_path / "clean"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    app = make_app("html", srcdir=copy)
    app.build()
    app.cleanup()
    return pages(app.outdir)
