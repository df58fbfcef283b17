"""The knowledge base's Sphinx extension: theses, testimonials, citations.

Each feature lives in its own module with a ``setup_<feature>(app)``; this
``setup()`` wires them together.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.assets import setup_assets
from kb.authorguide import setup_authorguide
from kb.citationmap import setup_citationmap
from kb.citations import setup_citations
from kb.domain import KnowledgeBaseDomain
from kb.encoding import setup_encoding
from kb.facets import setup_facets
from kb.gitinfo import setup_gitinfo
from kb.glossary import setup_glossary
from kb.incremental import setup_incremental
from kb.latexfonts import setup_latexfonts
from kb.navigation import setup_navigation
from kb.nodes import (
    catalog_placeholder,
    citedin_placeholder,
    cites_placeholder,
    facets_placeholder,
    inline_svg,
    map_placeholder,
    page_ref,
    people_placeholder,
    related_placeholder,
    skip_node,
    visit_inline_svg_html,
    visit_page_ref_latex,
    visit_placeholder,
)
from kb.pdf import setup_pdf
from kb.people import setup_people
from kb.previews import setup_previews
from kb.redirects import setup_redirects
from kb.related import setup_related
from kb.safety import setup_safety
from kb.search import setup_search
from kb.searchfilters import setup_searchfilters
from kb.templatecache import setup_templatecache
from kb.testimonials import setup_testimonials
from kb.theses import setup_theses

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


@functools.cache
def code_version() -> int:
    """A number that changes whenever the extension's code or assets change.

    Sphinx rebuilds everything when ``env_version`` changes: editing the
    extension (which lives in this repository) then never leaves pages
    rendered by the old code in an incremental build.
    """
    digest = hashlib.sha256(str(KnowledgeBaseDomain.data_version).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.add_domain(KnowledgeBaseDomain)
    for node in (citedin_placeholder, catalog_placeholder, map_placeholder, cites_placeholder,
                 related_placeholder, facets_placeholder, people_placeholder):
        app.add_node(node, **{fmt: (visit_placeholder, None)
                              for fmt in ("html", "latex", "text", "man", "texinfo")})
    app.add_node(inline_svg, html=(visit_inline_svg_html, None),
                 **{fmt: (visit_placeholder, None) for fmt in ("latex", "text", "man", "texinfo")})
    app.add_node(page_ref, latex=(visit_page_ref_latex, None),
                 **{fmt: (skip_node, None) for fmt in ("html", "text", "man", "texinfo")})
    setup_encoding(app)
    setup_safety(app)
    setup_theses(app)
    setup_testimonials(app)
    setup_glossary(app)
    setup_citations(app)
    setup_related(app)
    setup_citationmap(app)
    setup_facets(app)
    setup_redirects(app)
    setup_people(app)
    setup_gitinfo(app)
    setup_assets(app)
    setup_previews(app)
    setup_pdf(app)
    setup_navigation(app)
    setup_templatecache(app)
    setup_incremental(app)
    setup_authorguide(app)
    setup_search(app)
    setup_searchfilters(app)
    setup_latexfonts(app)
    return {
        "version": __version__,
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
