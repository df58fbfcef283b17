"""``python -m kb check``: every testimonial's front matter, then a fresh strict
build that publishes nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.core.french import plural
from kbtools.build import BuildFailed, Layout, sphinx
from kbtools.project import read_conf, testimonial_paths

NAME = "check"
HELP = "vérifier les en-têtes et la construction stricte, sans publier"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def check_front_matter(source: Path) -> list[str]:
    """Check every testimonial's front matter; print and return the ``file:line: message`` lines."""
    from kb.core.frontmatter import parse_front_matter

    themes = read_conf(source).get("kb_themes", [])
    problems = []
    for path in testimonial_paths(source):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the build names the line of the first undecodable byte
        for problem in parse_front_matter(text, themes).problems:
            problems.append(f"{path.relative_to(source)}:{problem.line}: {problem.message}")
            print(problems[-1])
    print(f"En-têtes : {plural(len(problems), 'problème')}." if problems else "En-têtes : tout est en ordre.")
    return problems


def run(args: argparse.Namespace) -> int:
    source = args.layout.source
    reported = check_front_matter(source)
    try:
        # -E: a fresh environment, so every page's warnings are reported.
        sphinx(Layout(source, args.layout.build / "check", verbose=args.layout.verbose), "html",
               jobs=args.jobs, fresh=True, reported=frozenset(reported))
    except BuildFailed as error:
        print(f"Construction stricte : échec, {error}.", file=sys.stderr)
        return 1
    print("Construction stricte : aucun problème.")
    return 1 if reported else 0
