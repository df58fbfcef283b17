"""``python -m kb import`` on web pages saved from a browser: varied page
structures, each with its own chrome; the article's text, whole; the page's
metadata where it states it; no code."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.core.frontmatter import parse_front_matter
from kbtools.project import read_conf
from tests.authoring.helpers import (
    AUTHOR,
    BYLINE,
    ORGANISATION,
    RESIDUE,
    ROLE,
    TITLE,
    all_sentences,
    assert_in_order,
    page_text,
    pages,
    plain_article_page,
    png,
    semantic_page,
    squash,
    wordpress_page,
)

PAGES = {
    "wordpress": (wordpress_page, {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION,
                                   "date": "2014-05-03", "source": "https://www.exemple.fr/revolution-digitale-relation/"}),
    "wordpress-sans-article": (lambda: wordpress_page(with_article=False),
                               {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION, "date": "2014-05-03",
                                "source": "https://www.exemple.fr/revolution-digitale-relation/"}),
    "simple": (plain_article_page, {"auteur": AUTHOR}),
    "semantique": (semantic_page, {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION,
                                   "date": "2015-06-21", "source": "https://blog.exemple.org/2015/06/relation"}),
}


def import_page(kb, tmp_path: Path, html: str, *args: str, name: str = "page.html"):
    source = tmp_path / name
    source.write_text(html, encoding="utf-8")
    return source, *kb("import", source, *args)


@pytest.mark.parametrize("kind", PAGES)
def test_web_page(kb, base, tmp_path, kind):
    make, expected = PAGES[kind]
    _source, status, out, err = import_page(kb, tmp_path, make())
    assert status == 0, err
    text = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    result = parse_front_matter(text, read_conf(base)["kb_themes"])
    assert result.problems == []
    assert {k: v for k, v in result.data.items() if k != "identifiant"} == expected
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE
    assert_in_order(all_sentences(), rendered)
    lines = {squash(line) for line in rendered.splitlines()}
    for residue in RESIDUE:
        assert residue not in lines, residue
    for chrome in ("Un autre article du site", "Encore un article", "Recevez nos articles", "injecté", "cookies",
                   "admin", "Accueil", "0 commentaire", "Facebook", "Étiquettes", "Aller au contenu",
                   "Site réalisé par", "Un résumé d’un autre article", "Mentions légales", "Contact"):
        assert chrome not in rendered, chrome
    assert BYLINE not in rendered
    for code in ("<script", "onclick", "onerror", "javascript:", "window.dataLayer", "color:red", "pixel.gif"):
        assert code not in text, code


def test_scripts_and_handlers_never_reach_the_page(kb, tmp_path):
    _source, status, out, err = import_page(kb, tmp_path, semantic_page())
    assert status == 0, err
    assert "code actif retiré : 2" in out  # the onclick handler and the javascript: link of the article
    text = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    assert "Une note" in text and "lien piégé" in text  # the words stay, the code goes
    assert "alert" not in text and "track()" not in text


def test_no_article(kb, base, tmp_path):
    html = ("<html><head><meta charset='utf-8'><title>Accueil</title></head><body><nav><ul>"
            + "".join(f"<li><a href='/{n}'>Rubrique {n}</a></li>" for n in range(12))
            + "</ul></nav><footer><p>Mentions légales</p></footer></body></html>")
    before = pages(base)
    source, status, out, err = import_page(kb, tmp_path, html)
    assert status == 1 and out == ""
    assert err.startswith(f"{source}: aucun article trouvé dans cette page")
    assert pages(base) == before


def test_a_page_in_another_language(kb, base, tmp_path):
    body = ("<p>Digital transformation is not about technology. It is about people, and about the relationship between "
            "a company and its customers, which has changed for good.</p>") * 3
    html = (f"<html lang='en'><head><meta charset='utf-8'><title>Listening</title></head><body><article><h1>Listening"
            f"</h1><p>By John SMITH – Head of digital – Example Bank</p>{body}</article></body></html>")
    before = pages(base)
    _source, status, _out, err = import_page(kb, tmp_path, html, "--auteur", "John Smith")
    assert status == 1 and "le texte semble écrit en anglais" in err
    assert pages(base) == before


def test_local_images_are_copied_remote_ones_refused(kb, base, tmp_path):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "photo.png").write_bytes(png())
    (tmp_path / "page_files" / "dessin.svg").write_text("<svg onload='alert(1)'></svg>", encoding="utf-8")
    html = wordpress_page().replace(
        "<p>&nbsp;</p>", "<p><img src='page_files/photo.png' alt='Une photo'></p>"
        "<p><img src='https://cdn.ailleurs.fr/photo.jpg' alt='distante'></p>"
        "<p><img src='page_files/dessin.svg' alt='svg'></p><p><img src='../../etc/passwd' alt='x'></p>")
    source, status, out, err = import_page(kb, tmp_path, html)
    assert status == 0, err
    page = Path(out.splitlines()[-1])
    text = page.read_text(encoding="utf-8")
    assert f"![Une photo]({page.stem}/image1.png)" in text
    assert (page.parent / page.stem / "image1.png").read_bytes() == png()
    assert sorted(p.name for p in (page.parent / page.stem).iterdir()) == ["image1.png"]
    assert "cdn.ailleurs.fr" not in text and "svg" not in text and "passwd" not in text
    assert f"{source}: image distante « https://cdn.ailleurs.fr/photo.jpg » non reprise" in err
    assert "dans un format que le site n’affiche pas" in err
    assert "« ../../etc/passwd » hors du dossier de la source" in err or "introuvable" in err


def test_declared_encoding(kb, tmp_path):
    html = wordpress_page().replace('<meta charset="UTF-8">', '<meta charset="windows-1252">')
    source = tmp_path / "ancienne.htm"
    source.write_bytes(html.replace("\u202f", " ").replace("œ", "oe").replace("\u2026", "...")
                       .encode("cp1252", errors="strict"))
    status, out, err = kb("import", source, "--slug", "ancienne-page")
    assert status == 0, err
    assert "Il y a encore dix ans, les grandes sociétés" in page_text(Path(out.splitlines()[-1]).read_text("utf-8"))


def test_text_that_trafilatura_leaves_out_is_kept(kb, tmp_path):
    """trafilatura locates the article; the text comes from the page itself:
    trafilatura drops text written straight in a ``<div>``, the import keeps it."""
    import trafilatura

    extra = "Un texte écrit dans une div, sans paragraphe, mais bien de l’auteur."
    html = semantic_page().replace("<p>La relation a changé.", f"<div>{extra}</div><p>La relation a changé.")
    assert extra not in trafilatura.extract(html, output_format="txt", favor_recall=True, include_tables=True)
    _source, status, out, err = import_page(kb, tmp_path, html)
    assert status == 0, err
    rendered = page_text(Path(out.splitlines()[-1]).read_text(encoding="utf-8"))
    assert_in_order(["% Ce pourcentage ouvre la ligne mais pas un commentaire.", extra, "La relation a changé."],
                    rendered)


def test_metadata_stated_only_in_the_body_or_the_save_mark(kb, base, tmp_path):
    """No meta tags: the date comes from the article header's <time>, the address
    from the browser's « saved from » mark, the title from <title> without the site's name."""
    html = ("<!-- saved from url=(0034)https://exemple.net/temoignage-42 -->\n"
            "<html><head><meta charset='utf-8'><title>Écouter d’abord | Le site des exemples</title>"
            "<meta property='og:site_name' content='Le site des exemples'></head><body>"
            "<div class='post'><div class='entry-meta'>Publié le <time datetime='2016-02-01T09:00'>1er février</time>"
            "</div><div class='entry-content'><p>Par Claire FONTAINE, Responsable marketing, Exemple SA</p>"
            + "<p>Nous avons appris à écouter nos clients avant de leur parler, et tout a changé.</p>" * 3
            + "</div></div></body></html>")
    _source, status, out, err = import_page(kb, tmp_path, html)
    assert status == 0, err
    text = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    data = parse_front_matter(text, read_conf(base)["kb_themes"]).data
    assert data["date"] == "2016-02-01" and data["source"] == "https://exemple.net/temoignage-42"
    assert (data["auteur"], data["role"], data["organisation"]) == ("Claire Fontaine", "Responsable marketing",
                                                                    "Exemple SA")
    assert page_text(text).splitlines()[0] == "Écouter d’abord"
    assert "Publié le" not in text


@pytest.mark.parametrize("kind", ["wordpress", "semantique"])
def test_without_trafilatura(kb, tmp_path, monkeypatch, kind):
    """When trafilatura finds nothing, the element holding most paragraph text
    outside the page's chrome is the article: same text, same cleaning."""
    from kbtools.authoring.importers import web

    monkeypatch.setattr(web, "_main_text", lambda _html: [])
    make, _expected = PAGES[kind]
    _source, status, out, err = import_page(kb, tmp_path, make())
    assert status == 0, err
    rendered = page_text(Path(out.splitlines()[-1]).read_text(encoding="utf-8"))
    assert rendered.splitlines()[0] == TITLE
    assert_in_order(all_sentences(), rendered)
    for chrome in ("Un autre article du site", "Recevez nos articles", "Sélectionner une page", "Mentions légales"):
        assert chrome not in rendered
