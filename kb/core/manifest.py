"""Generated output files rewritten only when their content changed.

Pages that the extension writes itself (facet pages, redirects) are
fingerprinted in a manifest beside the output: an unchanged page is not
written again (rendering or writing a thousand pages would cost a no-change
build), and a page no longer wanted is deleted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STAMP = ""  # the key of the manifest's stamp: no page has an empty name


class OutputManifest:
    """The fingerprints of the pages a previous build wrote, by pagename, and
    optionally a stamp of what they were made with (configuration, code)."""

    def __init__(self, outdir: str | Path, name: str, suffix: str) -> None:
        self.outdir = Path(outdir)
        self.path = self.outdir / name
        self.suffix = suffix
        try:
            previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        self.previous: dict[str, str] = previous if isinstance(previous, dict) else {}
        self.stamp: str | None = self.previous.pop(STAMP, None)

    def output(self, pagename: str) -> Path:
        return self.outdir / (pagename + self.suffix)

    def _present(self, pagename: str) -> bool:
        # os.path, not a new Path per page: asked for every page of every manifest in
        # every build (a thousand Path objects cost a no-change build 5 ms).
        return os.path.isfile(os.path.join(self.outdir, pagename + self.suffix))

    def all_present(self) -> bool:
        """Whether the previous build wrote pages and they are all still there."""
        return bool(self.previous) and all(self._present(name) for name in self.previous)

    def update(self, fingerprints: dict[str, str], *, also_remove: set[str] = frozenset(),
               keep: set[str] = frozenset(), stamp: str | None = None) -> list[str]:
        """Delete the pages no longer wanted (and *also_remove*) unless in *keep*,
        record *fingerprints* (and *stamp*), and return the pages to write, sorted."""
        for name in (set(self.previous) | set(also_remove)) - set(fingerprints) - set(keep):
            self.output(name).unlink(missing_ok=True)
        record = fingerprints if stamp is None else {**fingerprints, STAMP: stamp}
        self.path.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        return sorted(name for name, value in fingerprints.items()
                      if self.previous.get(name) != value or not self._present(name))
