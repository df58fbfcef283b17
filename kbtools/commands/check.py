"""``python -m kb check``: every testimonial's front matter, then a fresh strict
build that publishes nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kbtools.build import BuildFailed, Layout, sphinx
from kbtools.project import read_conf, testimonial_paths

NAME = "check"
HELP = "vérifier les en-têtes et la construction stricte, sans publier"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def check_front_matter(source: Path) -> int:
    """Check every testimonial's front matter; print ``file:line: message``."""
    from kb.core.frontmatter import parse_front_matter

    themes = read_conf(source).get("kb_themes", [])
    problems = 0
    for path in testimonial_paths(source):
        text = path.read_text(encoding="utf-8")
        for problem in parse_front_matter(text, themes).problems:
            print(f"{path.relative_to(source)}:{problem.line}: {problem.message}")
            problems += 1
    print(f"{problems} problème(s) dans les en-têtes." if problems else "En-têtes : tout est en ordre.")
    return 1 if problems else 0


def run(args: argparse.Namespace) -> int:
    source = args.layout.source
    status = check_front_matter(source)
    try:
        # -E: a fresh environment, so every page's warnings are reported.
        sphinx(Layout(source, args.layout.build / "check"), "html", jobs=args.jobs, fresh=True)
    except BuildFailed as error:
        print(f"Échec : {error}.", file=sys.stderr)
        return 1
    return status
