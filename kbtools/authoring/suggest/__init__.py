"""``python -m kb suggest``: propose links to the theses and the glossary in a testimonial.

- :mod:`.sources`: the glossary, the theses and their English gists, read without Sphinx;
- :mod:`.page`: where a page's prose is, and what in it must not be touched;
- :mod:`.theses`: explicit mentions and the ranking of the theses against a quotation;
- :mod:`.engine`: the proposals for a page, and applying them;
- :mod:`.evaluation`: labelled passages that chose the ranking's threshold.
"""

from kbtools.authoring.suggest.engine import Suggester, Suggestion, apply, strip_roles
from kbtools.authoring.suggest.page import Page, PageError, read_page, scan
from kbtools.authoring.suggest.sources import SourceError

__all__ = ["Page", "PageError", "SourceError", "Suggester", "Suggestion", "apply", "read_page", "scan", "strip_roles"]
