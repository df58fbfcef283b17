"""The wiring of the extension: every feature's ``setup_<feature>(app)``, in
the order data passes through them. Imported by :func:`kb.setup` only, so
that the tools (``kbtools``) can import ``kb.core`` without loading Sphinx's
whole extension.
"""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.core.config import setup_config
from kb.core.domain import KnowledgeBaseDomain
from kb.core.incremental import setup_incremental
from kb.core.memory import setup_memory
from kb.core.nodes import setup_nodes
from kb.core.version import code_version
from kb.read.authorguide import setup_authorguide
from kb.read.citations import setup_citations
from kb.read.encoding import setup_encoding
from kb.read.gitinfo import setup_gitinfo
from kb.read.glossary import setup_glossary
from kb.read.images import setup_images
from kb.read.safety import setup_safety
from kb.read.testimonials import setup_testimonials
from kb.read.theses import setup_theses
from kb.read.workers import setup_workers
from kb.resolve.catalog import setup_catalog
from kb.resolve.citationmap import setup_citationmap
from kb.resolve.citedin import setup_citedin
from kb.resolve.facets import setup_facets
from kb.resolve.header import setup_header
from kb.resolve.pagination import setup_pagination
from kb.resolve.people import setup_people
from kb.resolve.related import setup_related
from kb.resolve.terms import setup_terms
from kb.write.assets import setup_assets
from kb.write.catalogpages import setup_catalogpages
from kb.write.citationmappages import setup_citationmappages
from kb.write.downloads import setup_downloads
from kb.write.epub import setup_epub
from kb.write.export import setup_export
from kb.write.facetpages import setup_facetpages
from kb.write.feed import setup_feed
from kb.write.latexfonts import setup_latexfonts
from kb.write.latexonepass import setup_latexonepass
from kb.write.latexstream import setup_latexstream
from kb.write.navigation import setup_navigation
from kb.write.peoplepages import setup_peoplepages
from kb.write.previews import setup_previews
from kb.write.redirects import setup_redirects
from kb.write.search import setup_search
from kb.write.searchfilters import setup_searchfilters
from kb.write.templatecache import setup_templatecache
from kb.write.translations import setup_translations

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# In the order data passes through them (handlers of one event run in this
# order unless a priority says otherwise).
FEATURES = (
    # core
    setup_config, setup_nodes, setup_incremental, setup_memory,
    # read
    setup_encoding, setup_safety, setup_theses, setup_testimonials, setup_glossary,
    setup_citations, setup_gitinfo, setup_authorguide, setup_images, setup_workers,
    # resolve
    setup_header, setup_pagination, setup_citedin, setup_catalog, setup_related, setup_citationmap, setup_facets,
    setup_people, setup_terms,
    # write
    setup_facetpages, setup_catalogpages, setup_peoplepages, setup_citationmappages, setup_redirects,
    setup_export, setup_assets, setup_previews, setup_downloads, setup_navigation, setup_templatecache,
    setup_search, setup_searchfilters, setup_latexstream, setup_latexfonts, setup_latexonepass,
    setup_translations, setup_feed, setup_epub,
)


def setup(app: Sphinx, version: str) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.add_domain(KnowledgeBaseDomain)
    for setup_feature in FEATURES:
        setup_feature(app)
    return {
        "version": version,
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
