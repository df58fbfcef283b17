"""What the tests share: paths, names, and the warnings of a build.

Test modules import helpers from this package only, never from one another.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOTS = TESTS / "roots"
DATA = TESTS / "data"
ROOT = TESTS.parent
TESTIMONIAL = "temoignages/meimoun-revolution-digitale-relation"
PDF_NAME = "temoignages-transformation-digitale.pdf"


def warnings_of(app) -> str:
    """The warnings of a Sphinx test app's build, without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
