"""Pages of pieces set again, put in place in the book's PDF (``texpieces``).

A partial pass of XeLaTeX writes a small PDF: only the pieces that changed,
each at the page numbers it has in the book (its page count is the same:
``texpieces`` checked it). Here each of their pages replaces its old page in
the book's PDF (qpdf, through pikepdf, copies it with its fonts, images and
links), and the named destinations follow:

* a name placed on a replaced page now goes to its new place, or away if
  the new pages no longer hold it;
* a name of the partial PDF already placed elsewhere in the book keeps its
  place: it was written outside the pieces (a label of the master, hyperref's
  ``Doc-Start``), where the partial pass set no page of its own.

Links are by name (``kbunepasse.sty``), so the links of every other page
follow; the outline is by name too, and its lines are unchanged
(``texpieces`` checked the contents). The page labels (i, ii, then 1, 2…)
stay: no page count changed. The opening view, which names a page, is
moved to the new page. The PDF is written beside the book and renamed over
it: a failure leaves the last PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf

Run = tuple[Path, list[tuple[int, int, int]]]  # partial PDF, (first page in the book, in it, count)


def _dests(pdf: pikepdf.Pdf) -> pikepdf.NameTree | None:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return None
    return pikepdf.NameTree(names.Dests)


def _target(dest: pikepdf.Object) -> pikepdf.Array:
    """A destination's array ``[page /XYZ x y zoom]`` (it may come wrapped in a ``/D`` dictionary)."""
    return dest.get("/D", dest) if isinstance(dest, pikepdf.Dictionary) else dest


def splice(book_path: Path, runs: list[Run]) -> bool:
    """Put the pages of *runs* in place in the PDF at *book_path*; False (nothing written)
    if the PDFs are not what a full pass and partial passes of the same book write."""
    temporary = book_path.with_name(book_path.name + ".tmp")
    with pikepdf.open(book_path) as book:
        book_dests = _dests(book)
        if book_dests is None:
            return False
        pages = book.pages
        old_index = {page.objgen: index for index, page in enumerate(pages)}
        replacing: dict[int, tuple[int, int]] = {}  # page of the book -> (run, page of its PDF)
        for number, (_, pieces) in enumerate(runs):
            for first, new_first, count in pieces:
                for offset in range(count):
                    replacing[first + offset] = (number, new_first + offset)
        if not replacing or max(replacing) >= len(pages):
            return False
        # Where each name of the book points, before any page moves.
        placed = {}
        for name, dest in book_dests.items():
            target = _target(dest)
            placed[name] = old_index.get(target[0].objgen) if len(target) else None
        parts = [pikepdf.open(path) for path, _ in runs]
        try:
            new_pages: dict[tuple[int, int], pikepdf.Page] = {}
            old_objgens = {}
            for index, (number, part_index) in sorted(replacing.items()):
                if part_index >= len(parts[number].pages):
                    return False
                old_objgens[pages[index].objgen] = index
                pages[index] = parts[number].pages[part_index]
                new_pages[(number, part_index)] = pages[index]
            arriving: dict[str, pikepdf.Array] = {}
            for number, part in enumerate(parts):
                part_dests = _dests(part)
                if part_dests is None:
                    return False
                part_index = {page.objgen: index for index, page in enumerate(part.pages)}
                for name, dest in part_dests.items():
                    target = _target(dest)
                    page = new_pages.get((number, part_index.get(target[0].objgen, -1))) if len(target) else None
                    if page is None or (placed.get(name) is not None and placed[name] not in replacing):
                        continue  # not on a page set again, or placed by the master
                    arriving[name] = pikepdf.Array([page.obj, *list(target)[1:]])
            for name, index in placed.items():
                if index in replacing and name not in arriving:
                    del book_dests[name]
            for name, dest in arriving.items():
                book_dests[name] = book.make_indirect(dest)
            opening = book.Root.get("/OpenAction")
            if isinstance(opening, pikepdf.Array) and len(opening) and opening[0].objgen in old_objgens:
                opening[0] = pages[old_objgens[opening[0].objgen]].obj
            book.save(temporary, deterministic_id=True)
        finally:
            for part in parts:
                part.close()
    os.replace(temporary, book_path)
    return True
