"""The authors index's pages 2, 3… (``auteurs/personnes/2.html``,
``auteurs/organisations/2.html``…).

The index (:mod:`kb.resolve.people`) shows the first ``kb_index_page_size``
names of each of its lists; the others are on the pages generated here
(``html-collect-pages``), with the same entries and the same pager, so that
the index does not grow with the number of people who testify. A page is
rendered through the theme only when its content changed, and removed when
no longer needed (:func:`kb.write.generated.changed_pages`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes

from kb.core.domain import domain_of
from kb.resolve.people import Groups, PeopleList, people_lists, people_page, people_pagination
from kb.write.generated import Pages
from kb.write.pagination import collect_list_pages, list_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".kb-auteurs.json"


def pages(app: Sphinx) -> Pages:
    """Pages 2… of both lists of every index: pagename -> (title, body HTML)."""
    result: Pages = {}
    lists = people_lists(app.env)
    for index in sorted(domain_of(app.env).pages_holding("people")):
        for which, groups in lists:
            def body(pagename: str, page: int, index: str = index, which: PeopleList = which,
                     groups: Groups = groups) -> list[nodes.Node]:
                return people_page(app, pagename, index, which, groups, page)

            result.update(list_pages(app, people_pagination(app, index, which, groups), which.title, body,
                                     "kb-index"))
    return result


def several_pages(app: Sphinx) -> bool:
    """Whether a list of the index has more than one page."""
    indexes = domain_of(app.env).pages_holding("people")
    return any(people_pagination(app, index, which, groups).total > 1
               for index in indexes for which, groups in people_lists(app.env))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the index's pages whose content changed."""
    yield from collect_list_pages(app, MANIFEST, pages, several_pages)


def setup_peoplepages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
