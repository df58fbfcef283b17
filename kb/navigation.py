"""Navigation that stays cheap and correct as the knowledge base grows.

Furo renders the whole toctree into the sidebar of every page: with
thousands of testimonials each page would carry thousands of links (page
size and build time grow as N²), and adding one testimonial would make
every page's sidebar stale. The sidebar shows the top levels only
(``kb_navigation_depth``); the catalog is where testimonials are browsed.
The previous/next links of each page are tracked so that the neighbours of
an added, removed or renamed page are rewritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment

from kb.incremental import register

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def limit_toctree_depth(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` (before the theme's): cap the depth of the toctree."""
    toctree = context.get("toctree")
    depth = app.config.kb_navigation_depth
    if toctree is None or depth < 0:
        return

    def capped(**kwargs: Any) -> str:
        maxdepth = kwargs.get("maxdepth", -1)
        kwargs["maxdepth"] = depth if maxdepth in (-1, 0) else min(int(maxdepth), depth)
        return toctree(**kwargs)

    context["toctree"] = capped


def _title(env: BuildEnvironment, docname: str | None) -> str | None:
    if docname is None or docname not in env.titles:
        return None
    return env.titles[docname].astext()


@register
def navigation_inputs(env: BuildEnvironment) -> dict[str, Any]:
    """Each page shows its neighbours' titles and the top-level entries' titles."""
    root = env.config.root_doc
    top = tuple((doc, _title(env, doc)) for doc in env.toctree_includes.get(root, []))
    relations = env.collect_relations()
    return {
        docname: (top, tuple((doc, _title(env, doc)) for doc in relations.get(docname, ())))
        for docname in env.found_docs
    }


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value("kb_navigation_depth", 1, "html", types=(int,))
    app.connect("html-page-context", limit_toctree_depth, priority=400)
