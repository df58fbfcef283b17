"""OpenDocument text (``.odt``, LibreOffice), read by pandoc; title and first
author from ``meta.xml`` (``dc:title``, ``meta:initial-creator``: the file's
properties; its dates are the file's, never used). An encrypted file (a
password) and an archive that is not a text document are refused."""

from __future__ import annotations

from pathlib import Path

from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.importers import pandoc
from kbtools.authoring.importers.word import office_document
from kbtools.authoring.metadata import person_name
from kbtools.authoring.sources import check_office

MIMETYPE = b"application/vnd.oasis.opendocument.text"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def _properties(archive) -> dict:
    from lxml import etree

    try:
        root = etree.fromstring(archive.read("meta.xml"), parser=etree.XMLParser(resolve_entities=False,
                                                                                  no_network=True))
    except Exception:
        return {}
    found = {}
    creator = root.findtext(".//meta:initial-creator", namespaces=NS)
    if person_name(creator):
        found["auteur"], found["auteur:origine"] = creator.strip(), "propriétés du document"
    title = root.findtext(".//dc:title", namespaces=NS)
    if title and title.strip():
        found["titre"] = title.strip()
    return found


def load(path: Path, data: bytes, work: Path) -> d.Document:
    archive = check_office(path, data, ".odt")
    names = set(archive.namelist())
    if "mimetype" not in names or archive.read("mimetype").strip() != MIMETYPE:
        raise Refused("ce fichier n’est pas un texte OpenDocument (.odt) ; enregistrez-le depuis LibreOffice "
                      "Writer au format .odt")
    if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise Refused("ce fichier est protégé par un mot de passe (chiffré) : ouvrez-le, retirez le mot de passe "
                      "et enregistrez-le de nouveau")
    candidates = _properties(archive) if "meta.xml" in names else {}
    ast = pandoc.run_pandoc(path, "odt", media=work)
    return office_document(path, ast, work, candidates)
