"""Read and validate a testimonial's YAML front matter, with line numbers.

MyST also parses the front matter, but with ``language = "fr"`` docutils
turns keys such as ``auteur``, ``organisation`` or ``date`` into
bibliographic fields and loses their types and lines; so the schema is
checked here, on the source text, by one function that the build and the
command line share.

A front matter is a few lines of metadata, and it never expands: YAML
anchors and aliases are refused from the parser's events, before any value
is built (nine anchors of nine aliases each make a value of 387 million
items), and every value quoted in a message is cut to one short line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.core.french import shorten
from kb.core.schema import FIELDS, KINDS, PASSTHROUGH_KEYS, SCHEMA

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
IDENTIFIER = re.compile(r"T-\d{3,}")
PATH = re.compile(r"[a-z0-9][a-z0-9_/-]*")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True)
class Problem:
    """One schema violation: the 1-based line of the file, and the message."""

    line: int
    message: str


@dataclass
class FrontMatter:
    """The validated metadata (plain data) and the problems found."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _block(text: str) -> tuple[str, int] | None:
    """The YAML text between the ``---`` fences, and the line it starts on;
    None when the file has no front matter at all."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:index]), 2
    raise _Unclosed


class _Unclosed(Exception):
    pass


def _first_anchor(source: str, loader: type) -> yaml.Event | None:
    """The first event that defines an anchor (``&name``) or repeats one (``*name``).

    Parser events come before the node graph and the values, in one pass over
    the text: an alias is found without following it.
    """
    for event in yaml.parse(source, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return event
    return None


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    match = PARTIAL_DATE.fullmatch(text)
    if match and (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
        return text
    return None


def _check(name: str, value: Any, themes: Iterable[str]) -> tuple[Any, str | None]:
    """The normalised value of field *name*, or the reason it is wrong."""
    kind = FIELDS[name].kind
    expected = f"attendu : {KINDS[kind]}"
    if kind == "date":
        iso = _date(value)
        return (iso, None) if iso else (None, f"« {shorten(value)} » n’est pas une date valide ; {expected}")
    if kind == "themes":
        allowed = list(themes)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"une liste est attendue, par exemple [{', '.join(allowed[:2])}] ; {expected}"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            hints = []
            for theme in unknown[:5]:
                close = difflib.get_close_matches(theme, allowed, n=1)
                hints.append(f"« {shorten(theme)} »" + (f" (vouliez-vous dire « {close[0]} » ?)" if close else ""))
            return None, (
                f"thème inconnu : {', '.join(hints)}{' …' if len(unknown) > 5 else ''} ; "
                f"thèmes connus : {', '.join(allowed)}"
            )
        return value, None
    if kind == "paths":
        if not isinstance(value, list) or not all(isinstance(v, str) and PATH.fullmatch(v) for v in value):
            return None, f"« {shorten(value)} » ne convient pas ; {expected}"
        return value, None
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        return None, f"« {shorten(value)} » ({type(value).__name__}) ne convient pas ; {expected}"
    value = value.strip()
    if kind == "identifier" and not IDENTIFIER.fullmatch(value):
        return None, f"« {shorten(value)} » ne convient pas ; {expected}"
    if kind == "url" and not re.match(r"https?://\S+$", value):
        return None, f"« {shorten(value)} » ne convient pas ; {expected}"
    return value, None


def parse_front_matter(text: str, themes: Iterable[str]) -> FrontMatter:
    """Validate the front matter of a testimonial's source *text*."""
    result = FrontMatter()
    themes = list(themes)
    try:
        block = _block(text)
    except _Unclosed:
        result.problems.append(Problem(1, "l’en-tête YAML ouvert par « --- » n’est jamais fermé ; "
                                          "ajoutez une ligne « --- » après le dernier champ "
                                          "(front matter is not closed)"))
        return result
    if block is None:
        result.problems.append(Problem(1, "le témoignage n’a pas d’en-tête YAML ; commencez le fichier "
                                          "par « --- », les champs (identifiant, auteur…), puis « --- » "
                                          "(missing front matter)"))
        return result
    source, offset = block
    try:
        try:
            anchor = _first_anchor(source, LOADER)
            root = None if anchor else yaml.compose(source, Loader=LOADER)
        except yaml.YAMLError:  # parse again in Python: its messages and lines are the precise ones
            anchor = _first_anchor(source, yaml.SafeLoader)
            root = None if anchor else yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = offset + (mark.line if mark else 0)
        reason = shorten(getattr(error, "problem", None) or str(error))
        result.problems.append(Problem(line, f"YAML mal formé : {reason} ; vérifiez l’indentation, "
                                             "les deux-points et les guillemets (malformed YAML)"))
        return result
    if anchor is not None:
        what = "alias YAML « *{} » refusé" if isinstance(anchor, yaml.AliasEvent) else "ancre YAML « &{} » refusée"
        result.problems.append(Problem(offset + anchor.start_mark.line, (
            what.format(shorten(anchor.anchor, 40)) + " : les ancres (« &nom ») et les alias (« *nom ») sont "
            "interdits dans l’en-tête ; écrivez chaque valeur en entier (YAML anchors and aliases are not allowed)")))
        return result
    if root is None or not isinstance(root, yaml.MappingNode):
        result.problems.append(Problem(offset, "l’en-tête YAML doit être une liste de champs "
                                               "« nom: valeur » (front matter is not a mapping)"))
        return result

    for key_node, value_node in root.value:
        line = offset + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            result.problems.append(Problem(line, "un nom de champ est un mot, comme « auteur » ; écrivez "
                                                 "« nom: valeur » (a field name must be a plain word)"))
            continue
        key = key_node.value
        if key in result.lines:
            result.problems.append(Problem(line, f"le champ « {shorten(key)} » apparaît deux fois "
                                                 f"(déjà ligne {result.lines[key]}) ; gardez-en un seul"))
            continue
        result.lines[key] = line
        if key in PASSTHROUGH_KEYS:
            continue
        if key not in FIELDS:
            close = difflib.get_close_matches(key, list(FIELDS), n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            result.problems.append(Problem(line, f"champ inconnu « {shorten(key)} »{hint} "
                                                 f"(champs connus : {', '.join(FIELDS)})"))
            continue
        try:
            value = yaml.constructor.SafeConstructor().construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError):  # e.g. 2014-13-45: a timestamp that is no date
            value = getattr(value_node, "value", None)
        normalised, error = _check(key, value, themes)
        if error:
            result.problems.append(Problem(line, f"champ « {key} » : {error}"))
        else:
            result.data[key] = normalised

    for spec in SCHEMA:
        if spec.required and spec.name not in result.lines:
            result.problems.append(Problem(offset - 1, f"champ obligatoire manquant : « {spec.name} » "
                                                       f"({spec.description}) ; ajoutez une ligne "
                                                       f"« {spec.name}: … » dans l’en-tête"))
    result.problems.sort(key=lambda problem: problem.line)
    return result


def blank_front_matter(text: str) -> str:
    """*text* with the front matter's fields turned into blank lines.

    Once the knowledge base has read and validated the fields, MyST would
    parse them again with PyYAML's pure-Python loader, the slowest step of
    reading a testimonial. Its fences stay and every line keeps its number,
    so later messages still point at the right line. A wrong front matter is
    blanked too: its problems are reported once, and a refused alias is
    never expanded by another parser.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom):].split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            if index == 1:
                return text
            # « {} »: MyST warns about a front matter that is not a mapping.
            return bom + "\n".join([lines[0], "{}", *[""] * (index - 2), *lines[index:]])
    return text
