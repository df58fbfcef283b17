"""The knowledge base's sources as the tools see them, without starting Sphinx."""

from __future__ import annotations

import runpy
from pathlib import Path

from kb.core.domain import is_testimonial_docname

ROOT = Path(__file__).resolve().parent.parent


def read_conf(source: Path) -> dict:
    """The values of ``conf.py``, without starting Sphinx."""
    return runpy.run_path(str(source / "conf.py"))


def testimonials_dir(source: Path) -> str:
    return read_conf(source).get("kb_testimonials_dir", "temoignages")


def testimonial_paths(source: Path) -> list[Path]:
    """Every testimonial's source file, sorted (the same rule as the build's)."""
    folder = testimonials_dir(source)
    return [path for path in sorted((source / folder).rglob("*.md"))
            if is_testimonial_docname(folder, path.relative_to(source).with_suffix("").as_posix())]
