"""Helpers to read the built site: page text, PDF text, and the seed testimonial."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import DATA

SEED = DATA / "temoignage-meimoun-gan.txt"
# Scraping residue of the seed page: navigation and a label, not the author's text.
RESIDUE = {"Sélectionner une page", "Témoignage"}


class _ArticleText(HTMLParser):
    """The text of the ``<article>`` of a Furo page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def article_text(page: Path) -> str:
    parser = _ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def pdf_text(pdf: Path) -> str:
    """The PDF's text in content-stream order (-raw): the layout analysis of
    pdftotext reorders the words of some multi-line headings."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def squash(text: str) -> str:
    """Compare texts across renderers: NFKC (ligatures), no spaces, no hyphens.

    Removing hyphens and spaces allows for line breaks, for LaTeX's hyphenation
    of long words and for the thin spaces French typography adds before « ; : ! ? ».
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑]+", "", text)


def seed_paragraphs() -> tuple[str, str, list[str]]:
    """The seed's title, its byline, and its paragraphs, without the residue."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and line.replace("\u00a0", "").strip() and line not in RESIDUE]
    title, byline, *paragraphs = lines
    return title, byline, paragraphs


SITE_SOURCES = ["conf.py", "index.md", "glossaire.md", "carte.md", "contribuer.md", "auteurs.md",
                "temoignages", "manifeste", "kb", "kbtools", "locale", "_static", "_themes", "exemples"]


def copy_site_sources(root: Path, destination: Path) -> Path:
    """A copy of the site's sources, that a test may change."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, destination / name)
    return destination


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+", paragraph) if s.strip()]


def assert_seed_reaches(text: str) -> None:
    """Every sentence of the seed testimonial, and its title, are in *text* (squashed)."""
    title, _, paragraphs = seed_paragraphs()
    squashed = squash(text)
    assert squash(title) in squashed
    checked = 0
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            assert squash(sentence) in squashed, sentence
            checked += 1
    assert checked > 30
