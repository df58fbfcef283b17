"""« Mis à jour le »: each page's date of last change, from git.

One ``git log`` for the whole repository when the builder starts; nothing
(and no error) when the sources are not in a git repository. A page whose
date changed is read again, so its footer never goes stale.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment

from kb.core.domain import domain_of
from kb.core.french import french_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_dates: dict[str, dict[str, str]] = {}  # srcdir -> path relative to the repository -> ISO date


def git_dates(srcdir: Path) -> dict[str, str]:
    """Every tracked file's date of last commit (YYYY-MM-DD), relative to *srcdir*."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=srcdir, capture_output=True,
                             text=True, check=True).stdout.strip()
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
                             cwd=srcdir, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            date = line[1:]
        elif line and line not in dates:
            dates[line] = date
    return dates if top else {}


def page_date(env: BuildEnvironment, docname: str) -> str | None:
    dates = _dates.get(str(env.srcdir))
    if not dates:
        return None
    path = env.doc2path(docname)
    return dates.get(Path(path).relative_to(env.srcdir).as_posix())


def load(app: Sphinx) -> None:
    """``builder-inited``: read the dates once."""
    if app.config.kb_last_updated:
        _dates[str(app.srcdir)] = git_dates(Path(app.srcdir))


def note_date(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: remember the date the page was read with."""
    date = page_date(app.env, docname)
    if date:
        domain_of(app.env).note_git_date(docname, date)


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages committed since they were last read."""
    stored = domain_of(env).git_dates
    return [doc for doc in env.found_docs - added - changed if page_date(env, doc) != stored.get(doc)]


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """``html-page-context``: « Mis à jour le … » under the page (see page.html)."""
    if doctree is None:
        return
    date = page_date(app.env, pagename)
    if date:
        context["kb_last_updated"] = french_date(date)


def setup_gitinfo(app: Sphinx) -> None:
    app.connect("builder-inited", load)
    app.connect("source-read", note_date)
    app.connect("env-get-outdated", outdated)
    app.connect("html-page-context", add_context)
