"""``python -m kb build``: build every edition and publish them atomically."""

from __future__ import annotations

import argparse
import sys

from kbtools.build import BuildFailed, build

NAME = "build"
HELP = "construire et publier les éditions HTML, PDF et EPUB"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--html", action="store_true", help="seulement l’édition HTML")
    parser.add_argument("--pdf", action="store_true", help="seulement l’édition PDF")
    parser.add_argument("--epub", action="store_true", help="seulement l’édition EPUB")


def run(args: argparse.Namespace) -> int:
    every = not (args.html or args.pdf or args.epub)
    try:
        release = build(args.layout, html=every or args.html, pdf=every or args.pdf, epub=every or args.epub,
                        jobs=args.jobs)
    except BuildFailed as error:
        print(f"Échec : {error}. Rien n’a été publié ; la dernière édition publiée reste en place.",
              file=sys.stderr)
        return 1
    build_dir = args.layout.build
    print(f"Publié : {build_dir / 'html'}/index.html, {build_dir / 'pdf'} et {build_dir / 'epub'} ({release.name})")
    return 0
