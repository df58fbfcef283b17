"""``python -m kb new``: an empty testimonial page, ready to be filled in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbtools.authoring import document as d
from kbtools.authoring.errors import typeset
from kbtools.authoring.importing import check_page
from kbtools.authoring.myst import page_body
from kbtools.authoring.page import check_free, front_matter, scan, slugify, write_page
from kbtools.project import read_conf

PLACEHOLDER = typeset("Remplacez ce paragraphe par le texte de l’auteur, tel qu’il l’a écrit, paragraphe par "
                      "paragraphe ; puis vérifiez la page avec « make check ».")


@dataclass
class Created:
    page: Path
    identifier: str
    title: str
    meta: dict


def create(source: Path, title: str, meta: dict, *, slug: str | None = None, identifier: str | None = None) -> Created:
    """Write ``temoignages/<slug>.md`` with *meta* (auteur and the optional
    fields given) and a placeholder paragraph; ``Refused`` if the name or
    the identifier is taken."""
    themes = list(read_conf(source).get("kb_themes", []))
    existing = scan(source)
    identifier = identifier or existing.next_identifier()
    slug = slug or slugify(title)
    check_free(existing, slug, identifier, source)
    text = front_matter({"identifiant": identifier, **meta}, themes) + "\n" + \
        page_body(title, [d.Paragraph([d.Text(PLACEHOLDER)])])
    check_page(text, themes)
    page = write_page(existing.folder, slug, text, source=source)
    return Created(page, identifier, title, meta)
