"""Command line of the knowledge base: ``python -m kb <commande>``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbtools.build import Layout
from kbtools.commands import build, check, importing, install, new, suggest
from kbtools.project import ROOT, read_conf  # noqa: F401  (read_conf: used by tests and tools)

# One module per command (see kbtools.commands).
COMMANDS = (build, check, new, importing, suggest, install)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb", description="Outils de la base de connaissances : construire, vérifier, écrire des témoignages.")
    parser.add_argument("--source", type=Path, default=ROOT, help="dossier source (conf.py)")
    parser.add_argument("--build-dir", type=Path, default=None, help="dossier de sortie (_build)")
    parser.add_argument("-j", "--jobs", default="auto", help="processus Sphinx (auto)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="afficher tout le journal (sinon : seulement les problèmes, le journal dans _build/logs)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.NAME, help=command.HELP,
                                                    description=command.HELP[0].upper() + command.HELP[1:] + "."))
    args = parser.parse_args(argv)
    source = args.source.resolve()
    args.layout = Layout(source=source, build=(args.build_dir or source / "_build").resolve(), verbose=args.verbose)
    handler = {command.NAME: command for command in COMMANDS}[args.command]
    return handler.run(args)
