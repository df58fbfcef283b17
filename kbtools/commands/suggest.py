"""``python -m kb suggest PAGE…``: propose links to the theses and the glossary.

Prints ``fichier:ligne:colonne: proposition (raison)`` per proposal and a
one-line summary; ``--json`` prints a JSON list instead; ``--apply`` wraps
the words in place (each page written to a temporary file, then renamed:
never half-written). The glossary and the theses are read once for every
page, so a folder of 1,000 testimonials is one process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from kb.core.french import plural
from kbtools.authoring.suggest import PageError, SourceError, Suggester, Suggestion, apply, read_page, strip_roles
from kbtools.messages import system_error

NAME = "suggest"
HELP = "proposer des liens vers les thèses et le glossaire dans des témoignages"
SHOWN_CHARS = 90  # a long quotation's role is shortened in the text output (never in --json)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pages", nargs="+", type=Path, metavar="PAGE",
                        help="page d’un témoignage (.md), ou dossier de témoignages")
    parser.add_argument("--json", action="store_true", help="liste JSON des propositions")
    parser.add_argument("--apply", action="store_true", help="insérer les propositions dans les pages")


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The pages named, a folder standing for its ``.md`` files (its ``index.md`` left out);
    and a message for each folder holding none."""
    pages: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*.md")) if p.name != "index.md"]
            if not found:
                problems.append(f"{path} : aucune page de témoignage (.md) dans ce dossier")
            pages += found
        else:
            pages.append(path)
    return pages, problems


def shown(suggestion: Suggestion) -> str:
    role = suggestion.role
    if len(role) <= SHOWN_CHARS:
        return role
    head = suggestion.role.index("`") + 1
    tail = suggestion.role.rindex("<")
    keep = (SHOWN_CHARS - head - (len(role) - tail)) // 2
    return f"{role[:head]}{role[head:head + keep].rstrip()} … {role[tail - keep:tail].lstrip()}{role[tail:]}"


def write_atomically(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder and a rename."""
    mode = path.stat().st_mode & 0o7777
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def summary(found: int, pages: int, kinds: dict[str, int], applied: bool, manual: int, failed: int) -> str:
    """« 20 propositions dans 1 page (19 termes, 1 thèse). », « … appliquées … »."""
    counts = [plural(kinds.get("term", 0), "terme"), plural(kinds.get("these", 0), "thèse")]
    verb = "appliquée" if found - manual < 2 else "appliquées"
    text = (f"{plural(found, 'proposition')} dans {plural(pages, 'page')} ({', '.join(counts)})")
    if applied:
        text += f" ; {found - manual} {verb}"
        if manual:
            text += f", {manual} à faire à la main (liens)"
    if failed:
        text += f" ; {plural(failed, 'page illisible', 'pages illisibles')}"
    return text + "."


def run(args: argparse.Namespace) -> int:
    try:
        suggester = Suggester.from_source(args.layout.source)
    except SourceError as error:
        print(f"Impossible de lire les sources : {error}", file=sys.stderr)
        return 2
    status = 0
    records: list[dict] = []
    kinds: dict[str, int] = {}
    found = done = manual = 0
    pages, problems = expand(args.pages)
    for problem in problems:
        print(problem, file=sys.stderr)
        status = 1
    for path in pages:
        name = str(path)
        try:
            page = read_page(path, name)
        except PageError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        suggestions = suggester.suggest(page)
        if args.apply:
            new = apply(page.text, suggestions)
            if strip_roles(new) != strip_roles(page.text):  # never change the author's words
                print(f"{name} : erreur interne, les propositions changeraient le texte ; rien n’a été écrit",
                      file=sys.stderr)
                status = 1
                continue
            if new != page.text:
                try:
                    write_atomically(path, new)
                except OSError as error:
                    print(f"{name} : écriture impossible ({system_error(error)}) ; la page est inchangée", file=sys.stderr)
                    status = 1
                    continue
        done += 1
        for suggestion in suggestions:
            kinds[suggestion.kind] = kinds.get(suggestion.kind, 0) + 1
            found += 1
            manual += not suggestion.applicable
            if args.json:
                records.append(suggestion.as_json(name))
            else:
                print(f"{name}:{suggestion.line}:{suggestion.column}: {shown(suggestion)} ({suggestion.reason})")
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(summary(found, done, kinds, args.apply, manual, len(pages) - done))
    return status
