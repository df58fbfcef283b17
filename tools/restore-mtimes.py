#!/usr/bin/env python3
"""Give the files unchanged since the last build their dates back (for CI).

Sphinx decides what to read again by comparing dates. A fresh
clone dates every file from the checkout, so a build with a cached
environment would read every page again. This script keeps, in MANIFEST
(cached with the build), each file's content hash and date: a file whose
content is the same as in the manifest gets its old date back; a new or
changed file keeps the date of the checkout, newer than the last build, and
is read again. Then the manifest is rewritten for the next pipeline.

Usage: python3 tools/restore-mtimes.py MANIFEST   (from the repository's root;
Python's standard library only, as it runs before the virtual environment exists)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

# Build output, environments and tools' state: not sources.
SKIP = {".git", "_build", ".venv", "public", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache",
        ".hypothesis"}


def sources(root: Path) -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIP)
        found.extend(Path(folder, name) for name in sorted(names) if not Path(folder, name).is_symlink())
    return found


def restore(root: Path, manifest: Path) -> tuple[int, int]:
    """Restore the dates of unchanged files and rewrite the manifest; return (restored, new or changed)."""
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    current = {}
    restored = changed = 0
    for path in sources(root):
        name = path.relative_to(root).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        known = previous.get(name)
        if known and known[0] == digest:
            os.utime(path, ns=(known[1], known[1]))
            restored += 1
            current[name] = known
        else:
            changed += 1
            current[name] = [digest, path.stat().st_mtime_ns]
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(current, indent=0, sort_keys=True), encoding="utf-8")
    return restored, changed


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Usage : python3 tools/restore-mtimes.py MANIFESTE", file=sys.stderr)
        return 2
    restored, changed = restore(Path.cwd(), Path(argv[0]))
    print(f"Dates rétablies : {files(restored, 'inchangé', 'inchangés')} depuis la dernière construction, "
          f"{files(changed, 'nouveau ou modifié', 'nouveaux ou modifiés')}.")
    return 0


def files(count: int, singular: str, plural: str) -> str:
    """« 0 fichier inchangé », « 2 fichiers inchangés » (French: singular below two)."""
    return f"{count} fichier {singular}" if count < 2 else f"{count} fichiers {plural}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
