"""Publication: copy the built editions into a new release and make it
current with one atomic rename.

Readers (and a web server) only ever see ``html`` and ``pdf``: they point at
the last release whose HTML *and* PDF builds both succeeded. A failed or
interrupted build changes neither.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from kb.core.config import PDF_MANIFEST  # written by the HTML build
from kbtools.build.layout import PDF_NAME, BuildFailed, Layout

KEEP_RELEASES = 2


def last_pdf(layout: Layout) -> Path | None:
    published = layout.current / "pdf" / PDF_NAME
    for candidate in (layout.work_pdf, published):
        if candidate.is_file():
            return candidate
    return None


def pdf_url(html: Path) -> str:
    """Where the HTML build said the PDF belongs in the site (kb/write/pdf.py)."""
    try:
        return json.loads((html / PDF_MANIFEST).read_text(encoding="utf-8"))["url"]
    except (OSError, ValueError, KeyError) as error:
        raise BuildFailed(f"{html / PDF_MANIFEST} illisible : reconstruisez le HTML ({error})") from error


def publish(layout: Layout, html: Path, pdf: Path) -> Path:
    """Copy the built editions into a new release and make it current, atomically."""
    layout.releases.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()  # sortable, and distinct for two publications in one second
    release_id = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9)) + f"-{now % 10**9:09d}"
    staging = layout.releases / f".{release_id}.partial"
    # The .kb-* files are the extension's bookkeeping for incremental builds, not pages.
    shutil.copytree(html, staging / "html", ignore=shutil.ignore_patterns(".kb-*"))
    in_site = staging / "html" / pdf_url(html)
    in_site.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, in_site)
    (staging / "pdf").mkdir()
    shutil.copyfile(pdf, staging / "pdf" / PDF_NAME)
    release = layout.releases / release_id
    staging.rename(release)
    link = layout.build / f".current.{release_id}"
    link.symlink_to(Path("releases") / release_id)
    os.replace(link, layout.current)  # the atomic step
    for name in ("html", "pdf"):
        entry = layout.build / name
        if not entry.is_symlink():
            if entry.exists():
                shutil.rmtree(entry)
            entry.symlink_to(Path("current") / name)
    _prune(layout, keep=release)
    return release


def _prune(layout: Layout, keep: Path) -> None:
    releases = sorted(p for p in layout.releases.iterdir() if not p.name.startswith("."))
    for old in releases[:-KEEP_RELEASES]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in layout.releases.glob(".*.partial"):
        if partial.name != f".{keep.name}.partial":
            shutil.rmtree(partial, ignore_errors=True)
