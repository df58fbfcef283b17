"""Word (``.docx``), read by pandoc; its core properties by python-docx.

Checked first: a zip (an encrypted Word file is a Compound File, D0 CF 11 E0),
not a zip bomb. Tracked changes are read as accepted. Paragraphs in Word's
« Title » style give the title; « Subtitle », « Abstract » and « Date »
paragraphs stay in the text (they are the author's words); an « Author »
paragraph is a byline. The document's *author* property is used only when
the text has no byline and the property is a person's name (not « python-docx »
or « Utilisateur Windows »); its *created* date is the file's, not the
testimony's, and is never used.
"""

from __future__ import annotations

from pathlib import Path

from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.importers import pandoc
from kbtools.authoring.importers.media import image_urls, local_images
from kbtools.authoring.metadata import parse_byline, person_name
from kbtools.authoring.sources import check_office


def office_document(path: Path, ast: dict, work: Path, candidates: dict) -> d.Document:
    """The document of a Word or OpenDocument file's pandoc AST."""
    context = pandoc.Context()
    local_images(image_urls(ast), path.parent, context, inside=work)
    meta = ast.get("meta", {})
    front: list = []
    front += pandoc.meta_blocks(meta.get("subtitle"))
    authors = meta.get("author")
    for value in (authors.get("c") if authors and authors.get("t") == "MetaList" else [authors] if authors else []):
        text = pandoc.meta_text(value) or ""
        if parse_byline(text):
            front.append(d.Paragraph([d.Text(text)]))
        elif person_name(text):
            candidates.setdefault("auteur", text)
            candidates.setdefault("auteur:origine", "paragraphe « Auteur » du document")
        elif text.strip():
            front.append(d.Paragraph([d.Text(text)]))
    front += pandoc.meta_blocks(meta.get("date"))
    front += pandoc.meta_blocks(meta.get("abstract"))
    blocks = front + pandoc.blocks(ast["blocks"], context)
    return d.Document(blocks, title=pandoc.meta_text(meta.get("title")), candidates=candidates,
                      problems=context.problems, removed=context.removed)


CORE_RELATION = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def _properties(archive) -> dict:
    """The core properties (python-docx reads the part alone: loading the whole
    document for them took 0.5 s on a 100-page file)."""
    from docx.opc.coreprops import CoreProperties
    from docx.oxml.parser import parse_xml
    from lxml import etree

    try:
        relations = etree.fromstring(archive.read("_rels/.rels"), parser=etree.XMLParser(resolve_entities=False,
                                                                                        no_network=True))
        targets = [r.get("Target", "") for r in relations if r.get("Type") == CORE_RELATION]
        name = targets[0].lstrip("/") if targets else "docProps/core.xml"
        core = CoreProperties(parse_xml(archive.read(name)))
        author, title = core.author, core.title
    except Exception:  # no properties, or malformed ones: they are a bonus
        return {}
    found = {}
    if person_name(author):
        found["auteur"], found["auteur:origine"] = author, "propriétés du document"
    if title and title.strip():
        found["titre"] = title.strip()
    return found


def load(path: Path, data: bytes, work: Path) -> d.Document:
    archive = check_office(path, data, ".docx")
    if "word/document.xml" not in archive.namelist():
        raise Refused("ce fichier n’est pas un document Word (.docx) : word/document.xml manque ; s’agit-il d’un "
                      "autre type de fichier renommé ?")
    candidates = _properties(archive)
    ast = pandoc.run_pandoc(path, "docx", media=work)
    return office_document(path, ast, work, candidates)
