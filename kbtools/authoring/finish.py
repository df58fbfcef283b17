"""The rules shared by every source, once an importer has read it: page
residue at the edges, the title, the byline, heading levels, the language.

Nothing here adds a word: a line is dropped only when it is a known
interface or category label at the edge of the text, or when it becomes
metadata (the title, the byline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kbtools.authoring import chrome
from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.language import language_name, language_of
from kbtools.authoring.metadata import Byline, parse_byline, person_name

TITLE_CHARS = 200
FIELDS = ("auteur", "role", "organisation", "date", "source")


@dataclass
class Finished:
    title: str
    meta: dict
    blocks: list
    origins: dict = field(default_factory=dict)  # field -> where it was found (French)
    problems: list = field(default_factory=list)
    removed: int = 0
    language: str | None = None


def _text(block) -> str:
    return " ".join(d.block_text(block).split())


def _is_blank(block) -> bool:
    if isinstance(block, d.Paragraph):
        return not d.plain(block.inlines).strip() and not d.images_of([block]) and \
            not any(isinstance(n, d.Note) for n in block.inlines)
    if isinstance(block, d.Heading):
        return not d.plain(block.inlines).strip()
    if isinstance(block, d.Quote):
        return all(_is_blank(b) for b in block.blocks)
    if isinstance(block, d.ListBlock):
        return all(_is_blank(b) for item in block.items for b in item)
    return False


def _title_line(block, *, strict: bool) -> bool:
    """A paragraph or heading that reads as a title: one short line (and,
    unless a byline follows it, not ending like a sentence part)."""
    if not isinstance(block, d.Paragraph | d.Heading):
        return False
    if any(isinstance(n, d.SoftBreak | d.LineBreak | d.Note | d.Image) for n in block.inlines):
        return False
    text = d.plain(block.inlines).strip()
    if not text or len(text) > TITLE_CHARS:
        return False
    if strict and (text.endswith((",", ";", ":")) or (text.endswith(".") and not text.endswith(".."))):
        return False
    return True


def _byline_at(blocks: list, index: int) -> Byline | None:
    if index >= len(blocks) or not isinstance(blocks[index], d.Paragraph):
        return None
    return parse_byline(d.plain(blocks[index].inlines))


def _strip_edges(blocks: list) -> list:
    """Interface and category labels before the text, interface labels after it."""
    while blocks and isinstance(blocks[0], d.Paragraph | d.Heading) and \
            (chrome.is_interface(_text(blocks[0])) or chrome.is_category(_text(blocks[0]))):
        blocks.pop(0)
    while blocks and (isinstance(blocks[-1], d.Rule) or (isinstance(blocks[-1], d.Paragraph | d.Heading)
                      and chrome.is_interface(_text(blocks[-1])))):
        blocks.pop()
    while blocks and isinstance(blocks[0], d.Rule):
        blocks.pop(0)
    return blocks


def _headings(blocks: list, nested: bool = False) -> list:
    """Body headings at levels 2, 3… without gaps (the title is level 1);
    a heading inside a list, a quotation or a table (which MyST refuses)
    becomes a paragraph in bold."""
    out: list = []
    stack: list[int] = []
    for block in blocks:
        if isinstance(block, d.Heading):
            if nested:
                out.append(d.Paragraph([d.Strong(block.inlines)]))
                continue
            while stack and stack[-1] >= block.level:
                stack.pop()
            level = min(len(stack) + 2, 6)
            stack.append(block.level)
            out.append(d.Heading(level, block.inlines))
        elif isinstance(block, d.Quote):
            out.append(d.Quote(_headings(block.blocks, True)))
        elif isinstance(block, d.ListBlock):
            out.append(d.ListBlock(block.ordered, [_headings(item, True) for item in block.items], block.start))
        elif isinstance(block, d.Table):
            out.append(d.Table([[_headings(c, True) for c in row] for row in block.head],
                               [[_headings(c, True) for c in row] for row in block.body]))
        else:
            out.append(block)
    return out


def finish(document: d.Document, overrides: dict, *, allow_foreign: bool = False) -> Finished:
    """Title, metadata and body of an imported document; ``Refused`` when a
    required fact (title, author) is missing or the text is not French."""
    problems = list(document.problems)
    blocks = _strip_edges([b for b in document.blocks if not _is_blank(b)])
    title, origin_title = None, None
    byline: Byline | None = None

    def same(block, text: str) -> bool:
        return _title_line(block, strict=False) and " ".join(d.plain(block.inlines).split()) == " ".join(text.split())

    def take(index: int) -> str:
        return d.plain(blocks.pop(index).inlines).strip()

    if overrides.get("titre"):
        title, origin_title = overrides["titre"], "option --titre"
    elif document.title and document.title.strip():
        title, origin_title = document.title, "titre du document"
    elif blocks and isinstance(blocks[0], d.Heading):
        title, origin_title = take(0), "premier titre"
    else:
        # A title line right above a byline; lines above it stay in the text.
        for index in range(1, min(4, len(blocks))):
            if _byline_at(blocks, index) and _title_line(blocks[index - 1], strict=False):
                for block in blocks[:index - 1]:
                    where = block.line if isinstance(block, d.Paragraph) else None
                    problems.append((where, f"« {_text(block)[:80]} » se trouve avant le titre ; gardé au début du "
                                            f"texte : supprimez-le s’il n’est pas de l’auteur"))
                title, origin_title = take(index - 1), "ligne au-dessus de la signature"
                blocks.insert(0, blocks.pop(index - 1))  # the byline first: it is read just below
                break
    if title is None and document.subject:
        title, origin_title = document.subject, "objet du message"
    elif title is None and blocks and _title_line(blocks[0], strict=True) and len(blocks) > 1:
        title, origin_title = take(0), "première ligne"
    elif title is None and document.candidates.get("titre"):
        title, origin_title = document.candidates["titre"], "propriétés du document"
    if not title:
        raise Refused("aucun titre trouvé (ni titre du document, ni premier titre, ni ligne de titre) ; "
                      "donnez-le avec --titre « … »")
    if blocks and same(blocks[0], title):
        blocks.pop(0)

    for index in range(min(3, len(blocks))):
        byline = _byline_at(blocks, index)
        if byline:
            blocks.pop(index)
            break

    blocks = _headings([b for b in blocks if not _is_blank(b)])
    if not blocks:
        raise Refused("aucun texte de témoignage trouvé (une fois retirés le titre, la signature et ce qui "
                      "appartient à la page)")

    language = language_of("\n".join(d.block_text(b) for b in blocks))
    if language and language != "fr":
        if not allow_foreign:
            raise Refused(f"le texte semble écrit en {language_name(language)}, pas en français ; la base publie "
                          f"des témoignages en français : pour l’importer tout de même, ajoutez "
                          f"--langue-etrangere")

    meta: dict = {}
    origins: dict = {"titre": origin_title}
    found = byline.fields() if byline else {}
    for name in FIELDS:
        if overrides.get(name):
            meta[name], origins[name] = overrides[name], f"option --{name}"
        elif found.get(name):
            meta[name], origins[name] = found[name], "signature"
        elif document.candidates.get(name):
            value = document.candidates[name]
            if name == "auteur":
                value = person_name(value)
            if value:
                meta[name], origins[name] = value, document.candidates.get(f"{name}:origine", "document")
    if not meta.get("auteur"):
        raise Refused("aucun auteur trouvé (ni signature « Par Prénom NOM – Fonction – Organisation », ni "
                      "propriétés du document) ; indiquez-le avec --auteur « Prénom Nom »")

    title = re.sub(r"[ \t\r\n]+", " ", title).strip(" \t\r\n")  # no-break spaces stay
    return Finished(title=title, meta=meta, blocks=blocks, origins=origins, problems=problems,
                    removed=document.removed, language=language if language not in (None, "fr") else None)
