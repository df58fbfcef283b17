"""``python -m kb import SOURCE``: one Word, OpenDocument, web page, e-mail,
Markdown or text file → one new testimonial page (``import`` is a Python
keyword, hence the module's name)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kbtools.authoring.errors import Refused, typeset
from kbtools.authoring.page import check_date, check_identifier, check_slug, check_text, check_url

NAME = "import"
HELP = "importer un témoignage (.docx, .odt, .html, .eml, .md, .txt) en une nouvelle page"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", type=Path, metavar="SOURCE", help=typeset("le fichier à importer"))
    parser.add_argument("--langue-etrangere", action="store_true",
                        help=typeset("importer même un texte qui n’est pas en français"))
    parser.add_argument("--slug", help=typeset("nom du fichier, sans « .md » (par défaut : tiré du titre)"))
    parser.add_argument("--identifiant", help=typeset("identifiant T-NNN (par défaut : le suivant libre)"))
    for option, text in (("--titre", "titre, s’il n’est pas dans le document"),
                         ("--auteur", "prénom et nom de l’auteur, s’ils ne sont pas dans le document"),
                         ("--role", "fonction de l’auteur"), ("--organisation", "organisation de l’auteur"),
                         ("--date", "date de publication (AAAA-MM-JJ, AAAA-MM ou AAAA)"),
                         ("--source", "adresse de la publication d’origine (https://…)")):
        parser.add_argument(option, dest=f"meta_{option[2:]}", metavar=option[2:].upper(), help=typeset(text))


def shown(path: Path) -> str:
    """*path* as the author would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from kbtools.authoring.importing import Options, import_file, summary

    name = str(args.fichier)
    try:
        overrides = {}
        for field in ("titre", "auteur", "role", "organisation"):
            value = getattr(args, f"meta_{field}")
            if value is not None:
                overrides[field] = check_text(value, f"--{field}")
        if args.meta_date is not None:
            overrides["date"] = check_date(args.meta_date)
        if args.meta_source is not None:
            overrides["source"] = check_url(args.meta_source)
        options = Options(overrides=overrides, allow_foreign=args.langue_etrangere,
                          slug=check_slug(args.slug) if args.slug else None,
                          identifier=check_identifier(args.identifiant) if args.identifiant else None)
        imported = import_file(args.fichier, args.layout.source, options)
    except Refused as refused:
        if "rien n’a été écrit" not in refused.message:
            refused.message += " ; rien n’a été écrit"
        print(refused.located(name), file=sys.stderr)
        return refused.status
    for line, message in imported.finished.problems:
        print(f"{name}:{line}: {typeset(message)}" if line else f"{name}: {typeset(message)}", file=sys.stderr)
    print(typeset(summary(imported)))
    print(shown(imported.page))
    return 0
