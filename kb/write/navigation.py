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

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.environment import BuildEnvironment

from kb.core.cache import cached
from kb.core.incremental import register

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@cached
def top_level(env: BuildEnvironment) -> list[tuple[str, list[tuple[str, str]]]]:
    """The root page's toctrees: (caption, [(docname, title), ...]) each."""
    root = env.config.root_doc
    result = []
    toc = env.tocs.get(root)
    for toctree in toc.findall(addnodes.toctree) if toc is not None else ():
        entries = [(ref, title or _title(env, ref) or ref) for title, ref in toctree["entries"]
                   if ref in env.titles]
        result.append((toctree.get("caption") or "", entries))
    return result


@cached
def parents(env: BuildEnvironment) -> dict[str, str | None]:
    return {doc: relation[0] for doc, relation in env.collect_relations().items()}


def top_level_html(env: BuildEnvironment, pagename: str, uri: Callable[[str], str]) -> str:
    """The navigation of the top level, as Sphinx's toctree() writes it, built
    without resolving the whole toctree (which costs O(pages) on every page)."""
    lineage = {pagename}
    parent_of = parents(env)
    doc: str | None = pagename
    while doc is not None and doc in parent_of:
        doc = parent_of[doc]
        if doc is not None:
            lineage.add(doc)
    html = []
    for caption, entries in top_level(env):
        if caption:
            html.append(f'<p class="caption" role="heading" aria-level="2"><span class="caption-text">{escape(caption)}'
                        "</span></p>")
        current = any(ref in lineage for ref, _ in entries)
        html.append('<ul class="current">' if current else "<ul>")
        for ref, title in entries:
            if ref == pagename:
                html.append('<li class="toctree-l1 current"><a class="current reference internal" href="#">'
                            f"{escape(title)}</a></li>")
            else:
                css = "toctree-l1 current" if ref in lineage else "toctree-l1"
                html.append(f'<li class="{css}"><a class="reference internal" href="{escape(uri(ref))}">'
                            f"{escape(title)}</a></li>")
        html.append("</ul>")
    return "\n".join(html) + "\n"


def limit_toctree_depth(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` (before the theme's): the navigation shows the top
    levels only; at depth 1 it is built directly, in time independent of N."""
    toctree = context.get("toctree")
    depth = app.config.kb_navigation_depth
    if toctree is None or depth < 0:
        return
    env = app.env

    def capped(**kwargs: Any) -> str:
        if depth == 1:
            # context["pathto"] at render time: the 404 page makes its links absolute.
            return top_level_html(env, pagename, lambda ref: context["pathto"](ref))
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


def _visible_includes(env: BuildEnvironment, parent: str) -> set[str]:
    toc = env.tocs.get(parent)
    return {ref for toctree in (toc.findall(addnodes.toctree) if toc is not None else ())
            if not toctree.get("hidden") for ref in toctree.get("includefiles", ())}


def skip_hidden_parents(app: Sphinx, builder: Any) -> None:
    """``write-started``: do not rewrite a page because a child it lists in a
    *hidden* toctree was rewritten.

    Sphinx rewrites every toctree parent of a rewritten page, in case the
    parent shows the child's title. The catalog holds the hidden toctree of
    all testimonials and weighs about 1 MB at 1,000: editing the body of one
    testimonial would rewrite it each time. A hidden toctree shows nothing in
    its page; the titles that page does show (its cards, its sidebar, its
    previous/next links) are tracked by ``kb.incremental``. The filtered view
    lasts for this write phase only: the environment was pickled before it.
    """
    env = builder.env
    if builder.format != "html" or app.config.kb_navigation_depth != 1:
        return
    saved = env.files_to_rebuild
    visible = {parent: _visible_includes(env, parent) for parent in set().union(*saved.values())}
    env.files_to_rebuild = {child: {parent for parent in parents if child in visible[parent]}
                            for child, parents in saved.items()}

    def restore(app: Sphinx, exception: Exception | None) -> None:
        env.files_to_rebuild = saved
        app.disconnect(listener)

    listener = app.connect("build-finished", restore)


def setup_navigation(app: Sphinx) -> None:
    # After notfound (400), which gives the 404 page the whole tree, before the theme (500).
    app.connect("html-page-context", limit_toctree_depth, priority=450)
    app.connect("write-started", skip_hidden_parents)
