"""Markdown (``.md``): CommonMark with footnotes, tables and raw HTML, read by
pandoc; typographic rewriting (smart quotes, emoji codes, ``$math$``…) off,
so the text stays as written.

A YAML header at the top may give title, author and date (``title``/``titre``,
``author``/``auteur``, ``role``, ``organisation``, ``date``, ``source``): the
file's own properties. Raw HTML keeps its text, never its code. MyST roles
and directives are not Markdown: they stay as the characters they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kbtools.authoring import document as d
from kbtools.authoring.importers import pandoc
from kbtools.authoring.importers.media import image_urls, local_images
from kbtools.authoring.metadata import iso_date
from kbtools.authoring.sources import decode_text

READER = ("commonmark_x-smart-emoji-subscript-superscript-tex_math_dollars-fenced_divs-bracketed_spans"
          "-attributes-raw_attribute-alerts-task_lists-fancy_lists-implicit_header_references"
          "-definition_lists-yaml_metadata_block+autolink_bare_uris")
FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
KEYS = {"title": "titre", "titre": "titre", "author": "auteur", "auteur": "auteur", "role": "role",
        "organisation": "organisation", "organization": "organisation", "date": "date", "source": "source",
        "url": "source"}


def _front_matter(text: str) -> tuple[dict, str, int]:
    """The header's known fields, the text after it, and the line the text starts on."""
    match = FRONT.match(text)
    if not match:
        return {}, text, 1
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text, 1  # not a header after all: the text as it is
    if not isinstance(data, dict):
        return {}, text, 1
    found = {}
    for key, value in data.items():
        name = KEYS.get(str(key).lower())
        if not name or value is None or isinstance(value, dict | list):
            continue
        value = str(value).strip()
        if name == "date":
            value = iso_date(value) or (value if re.fullmatch(r"\d{4}", value) else "")
        if name == "source" and not re.match(r"https?://\S+$", value):
            value = ""
        if value:
            found[name] = value
    return found, text[match.end():], match.group(0).count("\n") + 1


def load(path: Path, data: bytes, work: Path) -> d.Document:
    text = decode_text(data)
    found, body, _first_line = _front_matter(text)
    ast = pandoc.run_pandoc(None, READER, data=body.encode("utf-8"))
    context = pandoc.Context()
    local_images(image_urls(ast), path.parent, context)
    blocks = pandoc.blocks(ast["blocks"], context)
    title = found.pop("titre", None)
    document = d.Document(blocks, title=title, problems=context.problems, removed=context.removed)
    for name, value in found.items():
        document.candidates[name] = value
        document.candidates[f"{name}:origine"] = "en-tête du fichier"
    return document
