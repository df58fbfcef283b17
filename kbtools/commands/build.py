"""``python -m kb build``: build every edition and publish them atomically."""

from __future__ import annotations

import argparse
import sys

from kbtools.build import BuildFailed, build

NAME = "build"
HELP = "construire et publier les éditions HTML et PDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--html", action="store_true", help="seulement l’édition HTML")
    parser.add_argument("--pdf", action="store_true", help="seulement l’édition PDF")


def run(args: argparse.Namespace) -> int:
    both = not (args.html or args.pdf)
    try:
        release = build(args.layout, html=both or args.html, pdf=both or args.pdf, jobs=args.jobs)
    except BuildFailed as error:
        print(f"Échec : {error}. Rien n’a été publié ; la dernière édition publiée reste en place.",
              file=sys.stderr)
        return 1
    print(f"Publié : {args.layout.build / 'html'}/index.html et {args.layout.build / 'pdf'} ({release.name})")
    return 0
