"""The search page's filters (kind of page, theme, organisation) and the labels
its scorer ranks by (glossary terms, thesis titles).

Sphinx's search has no facets. Each result links to a page; a small data
script tells the search page what each page is (a testimonial with its
themes and organisation, the theses, the glossary, another page), and
``kb-recherche.js`` narrows the result list without searching again. The
script is only loaded by the search page; it is written from the whole
environment at the end of every HTML build, so it is never stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.core.domain import domain_of
from kb.core.editions import is_web
from kb.core.normalise import phrase_keys
from kb.write.assets import write_data_script

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DATA_FILE = "kb-recherche-donnees.js"
KINDS = {"temoignage": "Témoignages", "these": "Thèses", "glossaire": "Glossaire", "page": "Autres pages"}


def filter_data(app: Sphinx) -> dict[str, Any]:
    env = app.env
    domain = domain_of(env)
    theses_pages = {t["docname"] for t in domain.theses.values()}
    glossary_pages = {t["docname"] for t in domain.terms.values()}
    pages: dict[str, list[Any]] = {}
    for docname in sorted(env.found_docs):
        meta = domain.testimonials.get(docname)
        if meta is not None:
            pages[docname] = ["temoignage", list(meta.get("themes") or []), meta.get("organisation") or ""]
        elif docname in theses_pages:
            pages[docname] = ["these", [], ""]
        elif docname in glossary_pages:
            pages[docname] = ["glossaire", [], ""]
        else:
            pages[docname] = ["page", [], ""]
    return {"types": KINDS, "themes": list(app.config.kb_themes), "pages": pages, "labels": labels(app)}


def labels(app: Sphinx) -> dict[str, list[list[str]]]:
    """docname -> [anchor, keys] for each glossary term and thesis title of a page.

    The search page's scorer (``_static/kb-scorer.js``) ranks a page above
    running-text matches when the query's keys are all in one of its labels,
    and links the result to that term or thesis. The data grows with the
    glossary and the theses, never with the number of testimonials.
    """
    domain = domain_of(app.env)
    found: dict[str, list[list[str]]] = {}

    def add(docname: str, anchor: str, phrase: str) -> None:
        keys = sorted({key for sequence in phrase_keys(phrase) for key in sequence})
        found.setdefault(docname, []).append([anchor, " ".join(keys)])

    for _key, term in sorted(domain.terms.items()):
        add(term["docname"], term["anchor"], term["term"])
    for number, thesis in sorted(domain.theses.items()):
        add(thesis["docname"], thesis["anchor"], f"{thesis['title']} thèse {number}")
    return found


def write_filter_data(app: Sphinx, builder: object) -> None:
    """``write-started``: the data script of the search page's filters
    (before the search page, which links it with its checksum)."""
    if is_web(app):
        write_data_script(app, DATA_FILE, "kbRecherche", filter_data(app))


def add_search_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: the filters' scripts, on the search page only."""
    if pagename == "search":
        app.add_js_file(DATA_FILE, loading_method="defer")
        app.add_js_file("kb-recherche.js", loading_method="defer")


def setup_searchfilters(app: Sphinx) -> None:
    app.connect("html-page-context", add_search_scripts)
    app.connect("write-started", write_filter_data)
