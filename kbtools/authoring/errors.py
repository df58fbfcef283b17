"""The one error of the authoring commands, and French typography for
everything they print."""

from __future__ import annotations

import re


class Refused(Exception):
    """The command writes nothing: *message* says why (French), *line* where.

    Exit status 1 for a source or a page that cannot be written, 2 for an
    option value that is wrong (as argparse does for its own errors).
    """

    def __init__(self, message: str, *, line: int | None = None, status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.status = status

    def located(self, name: str) -> str:
        """``file:line: message`` (``file: message`` when there is no line), like the
        build's problems: a location for tools, not French prose."""
        message = typeset(self.message)
        return f"{name}:{self.line}: {message}" if self.line else f"{name}: {message}"


def typeset(text: str) -> str:
    """French spacing: a no-break space inside « » and before a colon, a
    narrow one before ; ! ? (messages are written with plain spaces)."""
    text = text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    text = re.sub(r" ([;!?])(?=\s|$|»|\))", "\u202f\\1", text)
    return re.sub(r" :(?=\s|$)", "\u00a0:", text)
