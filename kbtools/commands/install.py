"""``python -m kb install DEST``: put the published release on a web server, atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.core.french import plural
from kbtools.deploy.install import InstallFailed, install

NAME = "install"
HELP = "installer la dernière édition publiée dans le dossier d’un serveur web, d’un seul coup"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", type=Path, metavar="DEST",
                        help="dossier du site sur le serveur web (créé s’il n’existe pas) ; le serveur sert DEST/current")
    parser.add_argument("--copie", action="store_true",
                        help="copier chaque fichier (par défaut : liens physiques si DEST est sur le même disque que _build)")


def run(args: argparse.Namespace) -> int:
    try:
        done = install(args.layout, args.dest, copy=args.copie)
    except InstallFailed as error:
        print(f"Échec de l’installation : {error}. Rien n’a été installé ; le site en place n’a pas changé.",
              file=sys.stderr)
        return 1
    if done.unchanged:
        print(f"Déjà installée : {done.root} sert l’édition {done.release} ; rien n’a changé.")
        return 0
    how = f"{plural(done.files, 'fichier')}, dont {plural(done.linked, 'lien physique', 'liens physiques')}" \
        if done.files else "déjà sur le disque"
    print(f"Installée : {done.root} sert l’édition {done.release} ({how}).")
    if done.previous:
        print(f"L’édition précédente reste sur le disque : {done.dest / 'releases' / done.previous}.")
    print(f"Racine du serveur web : {done.root}")
    return 0
