"""Images of a source: accepted when they are local files of a format the
site shows, copied beside the page later; refused with a message otherwise
(never linked from another site)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from kbtools.authoring.importers.pandoc import Context
from kbtools.authoring.sources import accept_image


def image_urls(ast: dict) -> list[str]:
    """The address of every image in a pandoc AST, in order."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Image":
                found.append(node["c"][2][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast.get("blocks", []))
    return found


def local_images(urls: list[str], folder: Path, context: Context, *, inside: Path | None = None) -> None:
    """Accept the images that are files under *folder* (relative addresses),
    or under *inside* (absolute paths, as pandoc extracts a Word file's media)."""
    for url in dict.fromkeys(urls):
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https"):
            context.problems.append((None, f"image distante « {url[:80]} » non reprise : la base ne dépend d’aucun "
                                           f"autre site ; enregistrez l’image à côté du fichier source"))
            continue
        if parsed.scheme == "data":
            context.problems.append((None, "image incluse dans le texte (adresse data:) non reprise ; "
                                           "enregistrez-la à côté du fichier source"))
            continue
        if (parsed.scheme and len(parsed.scheme) > 1) or not parsed.path:  # (a Windows drive letter is no scheme)
            context.problems.append((None, f"image « {url[:80]} » non reprise (adresse non locale)"))
            continue
        path = Path(unquote(parsed.path))
        root = inside if inside is not None and path.is_absolute() else folder
        if not path.is_absolute():
            path = folder / path
        if accept_image(path, Path(url).name or url, context.problems, inside=root):
            context.images[url] = path
