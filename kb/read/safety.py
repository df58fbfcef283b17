"""Content cannot attack readers or the build.

- No script from content: raw HTML (MyST HTML blocks and inline HTML) and
  the ``raw`` directive are rejected with an error, and whatever was parsed
  is rendered as inert text; ``javascript:``, ``data:`` and ``vbscript:``
  links are rejected.
- Files are confined to the repository: ``include``, ``literalinclude``,
  images and downloads whose path leaves the source folder (``..``, an
  absolute path, a symbolic link) are errors, and nothing of the file is read
  into the page. A symbolic link in the sources that leads outside them, or
  back into one of its own folders (Sphinx would follow it forever, reading
  every page again at each turn), is an error and is not followed.
- A link's address is at most 8,192 characters, what web servers accept: a
  longer one is a pasted blob, not an address, and no line of TeX holds it.

The extension's own pages are built at resolve time, after these checks.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import compile_matchers

from kb.core.diagnostics import KbWarning, warn
from kb.core.french import number, shorten

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

DANGEROUS_SCHEMES = re.compile(r"\s*(javascript|data|vbscript)\s*:", re.I)
# MyST fences, MyST colon fences and reST directives that read a file by path.
FILE_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)(?:(?P<fence>`{3,}|:{3,})\{(?:include|literalinclude)\}|\.\.\s+(?:include|literalinclude)::)"
    r"\s*(?P<path>\S.*?)\s*$")
FILE_OPTION = re.compile(r"^\s*:(?:file|url):\s*\S")
MAX_URL = 8192  # Apache's and nginx's default limit for a request line


def inside(env: BuildEnvironment, path: Path) -> bool:
    """Whether *path*, with every symbolic link resolved, is inside the sources."""
    return _within(path, Path(env.srcdir).resolve())


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return False
    return True


def confined(env: BuildEnvironment, docname: str, argument: str) -> bool:
    if argument.startswith("<") and argument.endswith(">"):
        return True  # docutils' own standard include files
    try:
        _, absolute = env.relfn2path(argument, docname)
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links (Python 3.11)
        return False
    return inside(env, Path(absolute))


def escape_message(argument: str) -> str:
    return (f"le fichier « {shorten(argument)} » est hors du dépôt : seuls les fichiers du dépôt peuvent être "
            f"inclus ; copiez le contenu dans le dépôt (path outside the repository)")


def gate_file_directives(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: include-like directives whose path escapes, with their line.

    The directive becomes an empty code block (or a reST comment): nothing is read.
    """
    lines = source[0].split("\n")
    changed = False
    for index, line in enumerate(lines):
        match = FILE_DIRECTIVE.match(line)
        if match and not confined(app.env, docname, match["path"]):
            warn(escape_message(match["path"]), KbWarning.UNSAFE_CONTENT, (docname, index + 1))
            fence = match["fence"]
            lines[index] = match["indent"] + (f"{fence}text" if fence else ".. fichier refusé")
            changed = True
        elif FILE_OPTION.match(line):
            warn("les options :file: et :url: sont interdites : elles lisent un fichier ou une adresse "
                 "(the :file: and :url: options are not allowed)", KbWarning.UNSAFE_CONTENT,
                 (docname, index + 1))
            lines[index] = ""
            changed = True
    if changed:
        source[0] = "\n".join(lines)


def guard_include(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: a last line of defence; an escaping file is never inserted."""
    if not inside(app.env, Path(app.env.srcdir, relative_path)):
        content[0] = ""


class SafeLiteralInclude(LiteralInclude):
    """``literalinclude``, confined to the repository."""

    def run(self) -> list[nodes.Node]:
        if not confined(self.env, self.env.docname, self.arguments[0]):
            warn(escape_message(self.arguments[0]), KbWarning.UNSAFE_CONTENT, self.get_location())
            return []
        return super().run()


class ForbiddenRaw(SphinxDirective):
    """``raw``: never allowed; its content (or file) is not read."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {"file": directives.unchanged, "url": directives.unchanged,
                                   "encoding": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        warn("la directive « raw » est interdite : elle insère du code tel quel dans le site ou le PDF ; "
             "écrivez le texte en Markdown (the raw directive is not allowed)",
             KbWarning.UNSAFE_CONTENT, self.get_location())
        return []


def neutralise(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before the image collector): raw HTML, links, files."""
    env = app.env
    docname = env.docname
    for raw in list(doctree.findall(nodes.raw)):
        warn("HTML brut interdit : il pourrait exécuter du code chez les lecteurs ; il est affiché comme "
             "du texte, écrivez le texte en Markdown (raw HTML is not allowed)",
             KbWarning.UNSAFE_CONTENT, raw)
        raw.replace_self(nodes.literal(raw.astext(), raw.astext()))
    for reference in list(doctree.findall(nodes.reference)):
        if DANGEROUS_SCHEMES.match(reference.get("refuri", "")):
            warn(f"lien refusé : « {shorten(reference['refuri'], 60)} » ; seuls les liens web (https://, "
                 "http://, mailto:) et les références internes sont permis (dangerous link scheme)",
                 KbWarning.UNSAFE_CONTENT, reference)
            reference.replace_self(nodes.Text(reference.astext()))
        elif len(reference.get("refuri", "")) > MAX_URL:
            warn(f"adresse de lien trop longue ({number(len(reference['refuri']))} caractères, au plus "
                 f"{number(MAX_URL)} : les serveurs web refusent au-delà) : « {shorten(reference['refuri'], 60)} » ; "
                 "vérifiez le lien, ou mettez l’adresse en texte (link address too long)",
                 KbWarning.LONG_LINK, reference)
            reference.replace_self(nodes.Text(shorten(reference.astext())))
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if "://" in uri or uri.startswith("data:"):
            continue
        if not confined(env, docname, uri):
            warn(escape_message(uri), KbWarning.UNSAFE_CONTENT, image)
            image.replace_self(nodes.Text(image.get("alt", "")))
    for download in list(doctree.findall(addnodes.download_reference)):
        if not confined(env, docname, download.get("reftarget", "")):
            warn(escape_message(download["reftarget"]), KbWarning.UNSAFE_CONTENT, download)
            download.replace_self(nodes.Text(download.astext()))


def check_symbolic_links(app: Sphinx) -> None:
    """``builder-inited``: symbolic links that Sphinx must not follow, reported and excluded.

    Sphinx follows every link while it looks for pages: a folder that links
    to itself or to a parent makes it read the same pages again at every
    level, until the path is too long; a link outside the repository
    publishes whatever it points at. Folders that the build excludes are not
    visited.
    """
    root = Path(app.srcdir).resolve()
    excluded = compile_matchers(app.config.exclude_patterns)
    refused = []
    # Top down, as os.walk without following links; but from os.scandir's
    # entries, which know without a system call whether each is a link (a
    # stat per file cost every build 10 ms at 1,000 pages).
    folders = [(str(root), "")]
    while folders:
        folder, relative = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            where = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_dir = entry.is_dir()  # through a link: a link to a folder is a folder here
            except OSError:  # a loop of links (as os.walk: not a folder)
                is_dir = False
            if is_dir and (entry.name.startswith(".") or any(match(where) for match in excluded)):
                continue
            if not entry.is_symlink():
                if is_dir:
                    below.append((entry.path, where))
                continue
            path = Path(entry.path)
            broken = False
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError:
                target, broken = None, True
            except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
                target = None
            if broken:
                warn(f"le lien symbolique « {shorten(where)} » ne mène nulle part (sa cible n’existe pas) ; "
                     "il est ignoré : corrigez-le ou supprimez-le (broken symbolic link)",
                     KbWarning.SYMLINK_BROKEN, f"{path}:")
            elif target is None or (target.is_dir() and _within(Path(folder), target)):
                warn(f"le lien symbolique « {shorten(where)} » forme une boucle (il mène à l’un de ses propres "
                     "dossiers, ou à lui-même) ; il est ignoré, supprimez-le (symbolic link loop)",
                     KbWarning.SYMLINK_LOOP, f"{path}:")  # a colon: Sphinx keeps a path, not a page
            elif not _within(target, root):
                warn(f"le lien symbolique « {shorten(where)} » mène hors du dépôt ; il est ignoré : copiez le "
                     "fichier dans le dépôt (symbolic link outside the repository)", KbWarning.UNSAFE_CONTENT,
                     f"{path}:")
            else:
                continue  # a link within the repository: Sphinx may follow it (this walk does not)
            refused.append(where)
        folders.extend(reversed(below))
    if refused:
        app.config.exclude_patterns = [*app.config.exclude_patterns, *refused]


def setup_safety(app: Sphinx) -> None:
    app.connect("builder-inited", check_symbolic_links)
    app.add_directive("raw", ForbiddenRaw, override=True)
    app.add_directive("literalinclude", SafeLiteralInclude, override=True)
    app.connect("source-read", gate_file_directives, priority=400)
    app.connect("include-read", guard_include)
    app.connect("doctree-read", neutralise, priority=400)
