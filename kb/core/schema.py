"""The front-matter schema of a testimonial, declared once.

The build (``kb.read.testimonials``), the command-line check (``python -m kb
check``) and the author guide (``contribuer.md``) all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter field of a testimonial."""

    name: str
    kind: str  # one of KINDS
    required: bool
    description: str  # French, for the author guide


KINDS = {
    "identifier": "un identifiant de la forme T-001",
    "text": "un texte sur une ligne",
    "date": "une date AAAA-MM-JJ, AAAA-MM ou AAAA",
    "url": "une adresse web commençant par https:// ou http://",
    "themes": "une liste de thèmes pris dans kb_themes (conf.py)",
    "paths": "une liste d’anciennes adresses de la page, comme [temoignages/ancien-nom]",
}

SCHEMA: tuple[Field, ...] = (
    Field("identifiant", "identifier", True,
          "Identifiant court et permanent du témoignage (T-001, T-002…) ; "
          "il ne change jamais, même si le fichier est renommé."),
    Field("auteur", "text", True, "Prénom et nom de la personne qui témoigne."),
    Field("role", "text", False, "Sa fonction au moment du témoignage."),
    Field("organisation", "text", False, "Son entreprise ou son organisation."),
    Field("date", "date", False,
          "Date de publication du témoignage, si elle est connue ; "
          "sinon, omettez le champ (la page affiche « date inconnue »)."),
    Field("source", "url", False, "Adresse de la publication d’origine, si elle est connue."),
    Field("themes", "themes", False, "Thèmes abordés, pris dans la liste contrôlée."),
    Field("resume", "text", False, "Résumé du témoignage en une ou deux phrases."),
    Field("anciennes_adresses", "paths", False,
          "Après avoir renommé le fichier, ses anciens noms (sans « .md ») : "
          "les anciennes adresses redirigent alors vers la nouvelle."),
)

FIELDS = {field.name: field for field in SCHEMA}

# Keys that belong to Sphinx or MyST, not to our schema: allowed, not checked.
PASSTHROUGH_KEYS = frozenset({"myst", "html_meta", "orphan", "tocdepth", "nocomments", "nosearch"})
