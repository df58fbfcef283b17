"""Lists in pages (the authors index, « Qui cite quoi »): a test root with
people whose names sort differently in French and by code point, and
readers of what the pages show (names, lines, pager links)."""

from __future__ import annotations

import re
from pathlib import Path

SIZE = 2  # kb_index_page_size of these tests: a list of 9 names has 5 pages

PAGE = """---
identifiant: T-{n:03d}
auteur: {author}
{organisation}date: {date}
---

# Témoignage de {author}

{author} cite la {{these}}`{thesis}` et la {{term}}`relation client <Relation client>`.
"""

# (author, organisation, date): with the root's alpha and beta, 9 authors and 5 organisations.
PEOPLE = [
    ("Zoé Arnaud", "École Nouvelle", "2023-01-10"),
    ("Élodie Bernard", "Banque Fictive", "2023-02-10"),
    ("Amélie Caron", "Atelier Zéro", "2023-03-10"),
    ("Éric Dupont", "École Nouvelle", "2023-04-10"),
    ("Bruno Étienne", None, "2023-05-10"),
    ("Camille Faure", "Mairie d’Exemple", "2023-06-10"),
    ("Denis Gautier", "Banque Fictive", "2023-07-10"),
]
# French order: letters first, accents only to break ties (« Élodie » between « Denis » and « Éric »).
AUTHORS = ["Amélie Caron", "Auteur Synthétique Bêta", "Autrice Synthétique Alpha", "Bruno Étienne",
           "Camille Faure", "Denis Gautier", "Élodie Bernard", "Éric Dupont", "Zoé Arnaud"]
ORGANISATIONS = ["Atelier Zéro", "Banque Fictive", "École Nouvelle", "Mairie d’Exemple", "Organisation Fictive"]
# « Qui cite quoi », newest first.
NEWEST_FIRST = [f"Témoignage de {name}" for name in ("Denis Gautier", "Camille Faure", "Bruno Étienne",
                                                       "Éric Dupont", "Amélie Caron", "Élodie Bernard",
                                                       "Zoé Arnaud")] + ["Témoignage synthétique bêta",
                                                                          "Témoignage synthétique alpha"]


def add_testimonial(srcdir: Path, n: int, author: str, organisation: str | None, date: str) -> Path:
    path = srcdir / "temoignages" / f"p{n:03d}.md"
    path.write_text(PAGE.format(n=n, author=author, date=date, thesis=22 if n % 2 else 1,
                                organisation=f"organisation: {organisation}\n" if organisation else ""))
    return path


def with_people(srcdir: Path, size: int = SIZE) -> Path:
    """The kb root with :data:`PEOPLE` and ``kb_index_page_size = size``."""
    for n, (author, organisation, date) in enumerate(PEOPLE, start=300):
        add_testimonial(srcdir, n, author, organisation, date)
    set_page_size(srcdir, size)
    return srcdir


def set_page_size(srcdir: Path, size: int) -> None:
    conf = srcdir / "conf.py"
    text = re.sub(r"\nkb_index_page_size = \d+\n", "\n", conf.read_text())
    conf.write_text(f"{text}\nkb_index_page_size = {size}\n")


def between(html: str, start: str, end: str | None = None) -> str:
    """The part of *html* from *start* to *end* (or to the end of the article)."""
    begin = html.index(start)
    stop = html.index(end, begin) if end else html.index("</section>", begin)
    return html[begin:stop]


def names(html: str) -> list[str]:
    """The names of an index list, in the order shown."""
    return re.findall(r"<dt>(.*?)</dt>", html)


def lines(html: str) -> list[str]:
    """The testimonials of « Qui cite quoi », in the order shown."""
    block = between(html, '<ul class="kb-qui-cite-quoi', "</ul>")
    return re.findall(r'<li><p><a class="reference internal" href="[^"]+" title="([^"]+)"', block)


def pagers(html: str) -> list[str]:
    return re.findall(r'<nav class="kb-pages[^"]*" aria-label="Pages">(.*?)</nav>', html, re.S)


def h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html).group(1)


def broken_links(outdir: Path, page: str, pager: str) -> list[str]:
    """The links of *pager* on *page* that lead to no file, or to no such anchor."""
    broken = []
    for href in re.findall(r'href="([^"]+)"', pager):
        path, _, anchor = href.partition("#")
        target = (outdir / page).parent / path
        if not target.is_file() or (anchor and f'id="{anchor}"' not in target.read_text()):
            broken.append(href)
    return broken
