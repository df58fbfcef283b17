"""``python -m kb import``: one source file → one new testimonial page.

read (``sources``) → load (``importers``) → finish (``finish``) → name and
number (``page``) → write MyST (``myst``) → check the front matter → write
without replacing anything (``page.write_page``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.frontmatter import parse_front_matter
from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.finish import Finished, finish
from kbtools.authoring.importers import READERS, reader
from kbtools.authoring.myst import page_body
from kbtools.authoring.page import check_free, front_matter, scan, slugify, write_page
from kbtools.authoring.sources import image_extension, read_source
from kbtools.project import read_conf


@dataclass
class Options:
    overrides: dict = field(default_factory=dict)  # titre, auteur, role, organisation, date, source
    slug: str | None = None
    identifier: str | None = None
    allow_foreign: bool = False


@dataclass
class Imported:
    page: Path
    identifier: str
    finished: Finished
    images: int


def render(finished: Finished, identifier: str, themes: list[str], image_names: dict) -> str:
    meta = {"identifiant": identifier, **finished.meta}
    return front_matter(meta, themes) + "\n" + page_body(finished.title, finished.blocks, image_names)


def check_page(text: str, themes: list[str]) -> None:
    """The page must pass the build's own front-matter check before it is written."""
    problems = parse_front_matter(text, themes).problems
    if problems:
        details = " ; ".join(f"ligne {p.line} : {p.message}" for p in problems)
        raise Refused(f"la page produite ne passe pas la vérification de l’en-tête ({details}) ; rien n’a été écrit")


def import_file(path: Path, source: Path, options: Options) -> Imported:
    """Import *path* into the knowledge base at *source*; ``Refused`` on any problem."""
    module = reader(path.suffix)
    if module is None:
        accepted = ", ".join(sorted(READERS))
        raise Refused(f"type de fichier inconnu « {path.suffix or '(sans extension)'} » ; formats acceptés : {accepted}")
    data = read_source(path)
    conf = read_conf(source)
    themes = list(conf.get("kb_themes", []))
    with tempfile.TemporaryDirectory(prefix="kb-import-") as work:
        document = module.load(path, data, Path(work))
        finished = finish(document, options.overrides, allow_foreign=options.allow_foreign)
        existing = scan(source)
        identifier = options.identifier or existing.next_identifier()
        slug = options.slug or slugify(finished.title)
        check_free(existing, slug, identifier, source)
        copies: list[tuple[Path, str]] = []
        names: dict = {}
        for number, image in enumerate(d.images_of(finished.blocks), start=1):
            name = f"image{number}{image_extension(image.path)}"
            copies.append((image.path, name))
            names[id(image)] = f"{slug}/{name}"
        text = render(finished, identifier, themes, names)
        check_page(text, themes)
        page = write_page(existing.folder, slug, text, copies, source=source)
    return Imported(page, identifier, finished, len(copies))


FIELD_NAMES = {"auteur": "auteur", "role": "rôle", "organisation": "organisation", "date": "date",
               "source": "source"}


def summary(imported: Imported) -> str:
    """One line: what was written, and where each metadata field came from."""
    finished = imported.finished
    title = finished.title if len(finished.title) <= 60 else finished.title[:59] + "…"
    blocks = len(finished.blocks)
    parts = [f"{imported.identifier} « {title} » ({finished.meta['auteur']}) : "
             f"{blocks} bloc{'s' if blocks > 1 else ''} de texte"]
    if imported.images:
        parts[-1] += f", {imported.images} image{'s' if imported.images > 1 else ''}"
    by_origin: dict[str, list[str]] = {}
    for name, label in FIELD_NAMES.items():
        if name in finished.meta:
            by_origin.setdefault(finished.origins.get(name, "?"), []).append(label)
    if by_origin:
        parts.append("métadonnées : " + ", ".join(f"{', '.join(v)} ({k})" for k, v in by_origin.items()))
    missing = [label for name, label in FIELD_NAMES.items() if name not in finished.meta]
    if missing:
        parts.append("inconnus : " + ", ".join(missing))
    if finished.removed:
        parts.append(f"code actif retiré : {finished.removed}")
    if finished.language:
        parts.append(f"langue : {finished.language}")
    return "Importé : " + " ; ".join(parts) + "."
