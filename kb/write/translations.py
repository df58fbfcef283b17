"""The browser's French strings (the search page's messages).

Sphinx compiles the project's ``sphinx.po`` (``locale_dirs``) for the
templates, but the strings of its JavaScript come from ``translations.js``,
which it copies from its own, incomplete, French catalog. After the copy,
this module writes that file again with the project's entries added, so the
search page says « Recherche terminée » and not « Search finished ».
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po

from kb.core.editions import is_web

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CALL = re.compile(r"Documentation\.addTranslations\((.*)\);?\s*$", re.S)


def project_messages(app: Sphinx) -> dict[str, Any]:
    """The entries of the project's ``sphinx.po`` for the current language."""
    messages: dict[str, Any] = {}
    for folder in app.config.locale_dirs:
        po = Path(app.srcdir, folder, app.config.language or "", "LC_MESSAGES", "sphinx.po")
        if not po.is_file():
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or not message.string:
                continue
            if isinstance(message.id, tuple):
                messages[message.id[0]] = list(message.string)
            else:
                messages[message.id] = message.string
    return messages


def write_translations(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: add the project's entries to ``_static/translations.js``."""
    if exception is not None or not is_web(app):
        return
    path = Path(app.outdir, "_static", "translations.js")
    if not path.is_file():
        return
    match = CALL.search(path.read_text(encoding="utf-8"))
    if match is None:
        return
    data = json.loads(match.group(1))
    ours = project_messages(app)
    # Sphinx's French plural expression has three forms (0-1, millions, other):
    # a two-form entry repeats its plural for the third.
    forms = max((len(v) for v in data.get("messages", {}).values() if isinstance(v, list)), default=2)
    for key, value in ours.items():
        if isinstance(value, list):
            ours[key] = value + [value[-1]] * (forms - len(value))
    data["messages"] = {**data.get("messages", {}), **ours}
    # Not Documentation.addTranslations(): it compiles the plural expression with
    # `new Function`, which the site's Content-Security-Policy (no 'unsafe-eval') refuses.
    messages = json.dumps(data["messages"], ensure_ascii=False, sort_keys=True, indent=1)
    text = (f"Object.assign(Documentation.TRANSLATIONS, {messages});\n"
            f"Documentation.PLURAL_EXPR = (n) => ({data['plural_expr']});\n"
            f"Documentation.LOCALE = {json.dumps(data['locale'])};\n")
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup_translations(app: Sphinx) -> None:
    app.connect("build-finished", write_translations)
