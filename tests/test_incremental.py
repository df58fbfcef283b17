"""The incremental contract, as one table: for each kind of edit, the pages an
incremental build reads, the pages it writes, and what they show; the result
always equals a clean build of the same sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers.builds import SYNTHETIC, TOCTREE_PARENTS, build_tracking, citedin, clean_build, pages

ALPHA, BETA, GAMMA = "temoignages/alpha", "temoignages/beta", "temoignages/gamma"


def edit_file(path: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(srcdir: Path) -> None:
        target = srcdir / path
        target.write_text(change(target.read_text()))
    return apply


def hide_catalog_toctree(srcdir: Path) -> None:
    """The real catalog lists the testimonials in a hidden toctree: it shows none of their text."""
    edit_file("temoignages/index.md", lambda text: text.replace(":glob:", ":hidden:\n:glob:"))(srcdir)


def html(outdir: Path, page: str) -> str:
    return (outdir / page).read_text()


@dataclass
class Edit:
    name: str
    edit: Callable[[Path], None]
    read: list[str] | None  # exactly these pages re-read (None: not checked)
    written: set[str]  # these pages rewritten...
    exactly: bool = True  # ...and no others
    read_includes: set[str] = field(default_factory=set)
    prepare: Callable[[Path], None] | None = None  # before the first build
    check: Callable[[Path], None] = lambda outdir: None  # what the pages show afterwards


EDITS = [
    Edit("aucune modification", lambda srcdir: None, read=[], written=set()),
    Edit("corps d’un témoignage, catalogue en toctree caché (1 Mo à 1 000 témoignages)",
         edit_file("temoignages/alpha.md", lambda t: t + "\nUne phrase de plus, sans citation.\n"),
         read=[ALPHA], written={ALPHA}, prepare=hide_catalog_toctree),
    Edit("titre d’un témoignage, catalogue en toctree caché",
         edit_file("temoignages/alpha.md", lambda t: t.replace("\n# ", "\n# Nouveau titre : ", 1)),
         read=None, written={"temoignages/index", ALPHA}, exactly=False, prepare=hide_catalog_toctree,
         check=lambda out: (assert_in("Nouveau titre", html(out, "temoignages/index.html")))),
    Edit("citation retirée",
         edit_file("temoignages/alpha.md", lambda t: t.replace("de l’{term}`écosystème <Écosystème>`", "d’autre chose")),
         # The edited page, the glossary whose « écosystème » list changed and the map, not
         # the theses; Sphinx itself adds the pages whose toctree holds the edited page.
         read=[ALPHA], written={"glossaire", "carte", *TOCTREE_PARENTS, ALPHA},
         check=lambda out: assert_in("Cité dans aucun", citedin(html(out, "glossaire.html"), "term-Ecosysteme"))),
    Edit("citation ajoutée",
         edit_file("temoignages/beta.md", lambda t: t + "\nEt la {these}`95`, enfin.\n"),
         read=[BETA], written={"carte", *TOCTREE_PARENTS, BETA, "theses"},
         check=lambda out: assert_in("beta.html#cite-these-95", citedin(html(out, "theses.html"), "these-95"))),
    Edit("témoignage ajouté",
         lambda srcdir: (srcdir / "temoignages" / "gamma.md").write_text(SYNTHETIC.format(n=7, day=7, thesis=95)),
         read=None, read_includes={GAMMA}, written={"theses", "glossaire", "index", GAMMA}, exactly=False,
         check=lambda out: assert_in("gamma.html#cite-these-95", citedin(html(out, "theses.html"), "these-95"))),
    Edit("témoignage supprimé",
         lambda srcdir: (srcdir / "temoignages" / "beta.md").unlink(),
         read=None, written={"theses", "glossaire", "index"}, exactly=False,
         check=lambda out: check_deleted(out)),
    Edit("titre changé : listes « Cité dans » et catalogue",
         edit_file("temoignages/beta.md", lambda t: t.replace("# Témoignage synthétique bêta", "# Bêta rebaptisé")),
         read=[BETA], written={"theses", "glossaire", "index", BETA}, exactly=False,
         check=lambda out: assert_in("Bêta rebaptisé", citedin(html(out, "theses.html"), "these-1"))),
]


def assert_in(needle: str, haystack: str) -> None:
    assert needle in haystack, (needle, haystack[:2000])


def check_deleted(outdir: Path) -> None:
    theses = html(outdir, "theses.html")
    assert "beta.html" not in theses
    assert_in("Cité dans aucun témoignage", citedin(theses, "these-1"))
    # The deleted page's output is deleted too (Sphinx alone would leave it behind).
    assert not (outdir / "temoignages" / "beta.html").exists()


@pytest.mark.parametrize("case", EDITS, ids=[edit.name for edit in EDITS])
def test_incremental_build_reads_and_writes_only_what_changed(case: Edit, copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    if case.prepare:
        case.prepare(srcdir)
    build_tracking(make_app, srcdir)
    case.edit(srcdir)
    app, read, written = build_tracking(make_app, srcdir)
    if case.read is not None:
        assert read == case.read
    assert case.read_includes <= set(read)
    if case.exactly:
        assert set(written) == case.written
    else:
        assert case.written <= set(written)
    case.check(app.outdir)
    assert pages(app.outdir) == clean_build(make_app, srcdir, tmp_path)
