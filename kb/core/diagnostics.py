"""The warnings the knowledge-base extension emits, declared in one place.

Every warning is emitted with ``type="kb"`` and one of these subtypes, so a
project can silence one kind with ``suppress_warnings = ["kb.<subtype>"]``
(which this project never does: the build is strict).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("kb")


class KbWarning(str, Enum):
    """Subtypes of the ``kb`` warning type."""

    THESIS_NUMBER = "thesis-number"
    """A thesis reference or definition whose number is not an integer from 1 to 95."""

    THESIS_DUPLICATE = "thesis-duplicate"
    """The same thesis is defined twice."""

    THESIS_DEFINITION = "thesis-definition"
    """A thesis definition lacks its title or its summary."""

    UNKNOWN_TERM = "unknown-term"
    """A ``{term}`` reference to a term the glossary does not define."""

    FRONT_MATTER = "front-matter"
    """A testimonial's front matter breaks the schema of ``kb/core/schema.py``."""

    DUPLICATE_ID = "duplicate-id"
    """Two testimonials share one identifier."""

    DUPLICATE_ANCHOR = "duplicate-anchor"
    """Two targets of one page share an anchor."""

    UNSAFE_CONTENT = "unsafe-content"
    """Raw HTML, a raw directive, a dangerous link, a file outside the repository, or an SVG image
    that declares XML entities, refers to another file or address, or scripts."""

    IMAGE = "image"
    """An image no edition can use as it is: its content is not what its extension says, it does not
    decode, it is too large (a decompression bomb), its format is not shown by every edition, or its
    conversion for the PDF failed."""

    LONG_LINK = "long-link"
    """A link whose address is longer than web servers accept (and than a line of TeX can hold)."""

    TOO_MANY_CITATIONS = "too-many-citations"
    """A testimonial with more citations than ``kb.read.citations.MAX_CITATIONS``."""

    SYMLINK_LOOP = "symlink-loop"
    """A symbolic link in the sources that leads back to one of its own folders, or to itself."""

    SYMLINK_BROKEN = "symlink-broken"
    """A symbolic link in the sources whose target does not exist."""


def warn(message: str, subtype: KbWarning, location: Any) -> None:
    """Log a ``kb.<subtype>`` warning at *location* (a node or ``(docname, line)``)."""
    logger.warning(message, location=location, type="kb", subtype=subtype.value)
