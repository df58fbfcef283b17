"""``python -m kb new``: create an empty testimonial page from a title and an author."""

from __future__ import annotations

import argparse
import sys

from kbtools.authoring.errors import Refused, typeset
from kbtools.authoring.page import check_date, check_identifier, check_slug, check_text, check_url
from kbtools.commands.importing import shown

NAME = "new"
HELP = "créer la page d’un nouveau témoignage (titre, auteur), prête à remplir"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--titre", required=True, help=typeset("titre du témoignage, tel que l’auteur l’a choisi"))
    parser.add_argument("--auteur", required=True, help=typeset("prénom et nom de la personne qui témoigne"))
    parser.add_argument("--organisation", help=typeset("son entreprise ou son organisation"))
    parser.add_argument("--role", help=typeset("sa fonction au moment du témoignage"))
    parser.add_argument("--date", help=typeset("date de publication : AAAA-MM-JJ, AAAA-MM ou AAAA"))
    parser.add_argument("--source", dest="source_url", metavar="SOURCE",
                        help=typeset("adresse de la publication d’origine (https://…)"))
    parser.add_argument("--slug", help=typeset("nom du fichier, sans « .md » (par défaut : tiré du titre)"))
    parser.add_argument("--identifiant", help=typeset("identifiant T-NNN (par défaut : le suivant libre)"))


def run(args: argparse.Namespace) -> int:
    from kbtools.authoring.scaffold import create

    source = args.layout.source
    try:
        title = check_text(args.titre, "--titre")
        meta = {"auteur": check_text(args.auteur, "--auteur")}
        if args.role is not None:
            meta["role"] = check_text(args.role, "--role")
        if args.organisation is not None:
            meta["organisation"] = check_text(args.organisation, "--organisation")
        if args.date is not None:
            meta["date"] = check_date(args.date)
        if args.source_url is not None:
            meta["source"] = check_url(args.source_url)
        slug = check_slug(args.slug) if args.slug else None
        identifier = check_identifier(args.identifiant) if args.identifiant else None
        created = create(source, title, meta, slug=slug, identifier=identifier)
    except Refused as refused:
        message = refused.message if "rien n’a été écrit" in refused.message else refused.message + " ; rien n’a été écrit"
        print(f"kb new: {typeset(message)}", file=sys.stderr)
        return refused.status
    print(typeset(f"Créé : {created.identifier} « {created.title} » ({meta['auteur']}) ; remplacez le paragraphe "
                  f"d’attente par le texte de l’auteur."))
    print(shown(created.page))
    return 0
