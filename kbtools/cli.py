"""Command line of the knowledge base: ``python -m kb build|check``."""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from kbtools.build import BuildFailed, Layout, build, sphinx

ROOT = Path(__file__).resolve().parent.parent


def read_conf(source: Path) -> dict:
    """The values of ``conf.py``, without starting Sphinx."""
    return runpy.run_path(str(source / "conf.py"))


def check_front_matter(source: Path) -> int:
    """Check every testimonial's front matter; print ``file:line: message``."""
    from kb.core.domain import is_testimonial_docname
    from kb.core.frontmatter import parse_front_matter

    config = read_conf(source)
    themes = config.get("kb_themes", [])
    folder = config.get("kb_testimonials_dir", "temoignages")
    problems = 0
    for path in sorted((source / folder).rglob("*.md")):
        if not is_testimonial_docname(folder, path.relative_to(source).with_suffix("").as_posix()):
            continue
        text = path.read_text(encoding="utf-8")
        for problem in parse_front_matter(text, themes).problems:
            print(f"{path.relative_to(source)}:{problem.line}: {problem.message}")
            problems += 1
    print(f"{problems} problème(s) dans les en-têtes." if problems else "En-têtes : tout est en ordre.")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__)
    parser.add_argument("--source", type=Path, default=ROOT, help="dossier source (conf.py)")
    parser.add_argument("--build-dir", type=Path, default=None, help="dossier de sortie (_build)")
    parser.add_argument("-j", "--jobs", default="auto", help="processus Sphinx (auto)")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="construire et publier les éditions HTML et PDF")
    b.add_argument("--html", action="store_true", help="seulement l’édition HTML")
    b.add_argument("--pdf", action="store_true", help="seulement l’édition PDF")
    commands.add_parser("check", help="vérifier les en-têtes et la construction stricte, sans publier")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    layout = Layout(source=source, build=(args.build_dir or source / "_build").resolve())
    try:
        if args.command == "check":
            status = check_front_matter(source)
            # -E: a fresh environment, so every page's warnings are reported.
            sphinx(Layout(source, layout.build / "check"), "html", jobs=args.jobs, fresh=True)
            return status
        both = not (args.html or args.pdf)
        release = build(layout, html=both or args.html, pdf=both or args.pdf, jobs=args.jobs)
    except BuildFailed as error:
        print(f"Échec : {error}. Rien n’a été publié ; la dernière édition publiée reste en place.",
              file=sys.stderr)
        return 1
    print(f"Publié : {layout.build / 'html'}/index.html et {layout.build / 'pdf'} ({release.name})")
    return 0
