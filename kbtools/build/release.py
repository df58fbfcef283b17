"""Publication: copy the built editions into a new release and make it
current with one atomic rename.

Readers (and a web server) only ever see ``html``, ``pdf`` and ``epub``:
they point at the last release whose HTML, PDF *and* EPUB builds all
succeeded. A failed or interrupted build changes none of them.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from kb.core.config import EDITIONS_MANIFEST  # written by the HTML build
from kb.write.downloads import SIZE_MARKER
from kbtools.build.layout import EPUB_NAME, PDF_NAME, BuildFailed, Layout

KEEP_RELEASES = 2
EDITIONS = ("html", "pdf", "epub")


def last_built(layout: Layout, edition: str) -> Path | None:
    """The PDF or EPUB of the last build of that edition, or of the published release."""
    name = PDF_NAME if edition == "pdf" else EPUB_NAME
    for candidate in (layout.work_pdf if edition == "pdf" else layout.work_epub, layout.current / edition / name):
        if candidate.is_file():
            return candidate
    return None


def edition_urls(html: Path) -> dict[str, str]:
    """Where the HTML build said the PDF and the EPUB belong in the site (kb/write/downloads.py)."""
    try:
        urls = json.loads((html / EDITIONS_MANIFEST).read_text(encoding="utf-8"))
        return {"pdf": urls["pdf"], "epub": urls["epub"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BuildFailed(f"{html / EDITIONS_MANIFEST} illisible : reconstruisez le HTML ({error})") from error


def french_size(size: int) -> str:
    """« 850 ko », « 1,2 Mo » (decimal units, as file managers show them)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}\u202fko"
    return f"{size / 1_000_000:.1f}".replace(".", ",") + "\u202fMo"


def copy_site(source: Path, destination: Path, sizes: dict[str, str]) -> None:
    """Copy the HTML site, writing each edition's size into the download links."""
    markers = {SIZE_MARKER.format(edition).encode(): f" ({size})".encode() for edition, size in sizes.items()}

    def copy(src: str, dst: str) -> None:
        if src.endswith(".html"):
            data = Path(src).read_bytes()
            if b"<!--kb-taille-" in data:
                for marker, text in markers.items():
                    data = data.replace(marker, text)
                Path(dst).write_bytes(data)
                shutil.copystat(src, dst)
                return
        shutil.copy2(src, dst)

    # The .kb-* files are the extension's bookkeeping for incremental builds, not pages.
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(".kb-*"), copy_function=copy)


def publish(layout: Layout, html: Path, pdf: Path, epub: Path) -> Path:
    """Copy the built editions into a new release and make it current, atomically."""
    layout.releases.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()  # sortable, and distinct for two publications in one second
    release_id = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9)) + f"-{now % 10**9:09d}"
    staging = layout.releases / f".{release_id}.partial"
    files = {"pdf": (pdf, PDF_NAME), "epub": (epub, EPUB_NAME)}
    copy_site(html, staging / "html", {edition: french_size(path.stat().st_size) for edition, (path, _) in files.items()})
    for edition, url in edition_urls(html).items():
        path, name = files[edition]
        in_site = staging / "html" / url
        in_site.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, in_site)
        (staging / edition).mkdir()
        shutil.copyfile(path, staging / edition / name)
    release = layout.releases / release_id
    staging.rename(release)
    link = layout.build / f".current.{release_id}"
    link.symlink_to(Path("releases") / release_id)
    os.replace(link, layout.current)  # the atomic step
    for name in EDITIONS:
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
