"""Testimonials cannot run script in readers' browsers nor read files outside the repository."""

from __future__ import annotations

import os
import re

import pytest

from tests.helpers import warnings_of

HEAD = "---\nidentifiant: T-966\nauteur: Hostile Synthétique\n---\n\n# Hostile\n\n"  # 7 lines
SECRET = "ceci-est-un-secret-hors-du-depot"


@pytest.fixture
def hostile(copy_root, build, tmp_path):
    """Build the test root with one hostile testimonial; return (warnings, page HTML)."""

    def run(body: str):
        srcdir = copy_root("kb")
        (srcdir / "temoignages" / "hostile.md").write_text(HEAD + body, encoding="utf-8")
        app = build(srcdir)
        return warnings_of(app), (app.outdir / "temoignages" / "hostile.html").read_text()

    return run


def article(page: str) -> str:
    return page[page.index('<div class="body"'):page.index('<div class="sphinxsidebar"')]


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>\n",
    "Texte <img src=x onerror=alert(2)> en ligne.\n",
    '<div onclick="alert(3)">clic</div>\n',
    "<iframe src=\"https://example.org\"></iframe>\n",
])
def test_raw_html_is_an_error_and_comes_out_inert(hostile, body):
    warnings, page = hostile(body)
    assert re.search(r"hostile\.md:8: WARNING: HTML brut interdit", warnings)
    content = article(page)
    assert not re.search(r"<(script|iframe|img|div onclick)", content.replace('<div class="body"', ""))
    assert not re.search(r"<[^>]+\son\w+=", content)
    assert "&lt;" in content  # shown as text


def test_raw_directive_is_an_error(hostile):
    warnings, page = hostile("```{raw} html\n<script>alert(3)</script>\n```\n")
    assert "hostile.md:8: WARNING: la directive « raw » est interdite" in warnings
    assert "alert(3)" not in page


@pytest.mark.parametrize("directive", ["include", "literalinclude"])
def test_include_outside_the_repository_is_an_error(hostile, tmp_path, directive):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    relative = os.path.relpath(secret, tmp_path / "kb" / "temoignages")
    warnings, page = hostile(f"Avant.\n\n```{{{directive}}} {relative}\n```\n\nAprès.\n")
    assert f"hostile.md:10: WARNING: le fichier « {relative} » est hors du dépôt" in warnings
    assert SECRET not in page
    assert "Après." in page


def test_symlink_out_of_the_repository_is_an_error(copy_root, build, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "lien.txt").symlink_to(secret)
    (srcdir / "temoignages" / "hostile.md").write_text(HEAD + "```{include} lien.txt\n```\n", encoding="utf-8")
    app = build(srcdir)
    assert "hostile.md:8: WARNING: le fichier « lien.txt » est hors du dépôt" in warnings_of(app)
    assert SECRET not in (app.outdir / "temoignages" / "hostile.html").read_text()


def test_image_outside_the_repository_is_an_error(hostile):
    warnings, page = hostile("![une image](../../../../../../../etc/hostname)\n")
    assert "hostile.md:8: WARNING: le fichier « ../../../../../../../etc/hostname » est hors du dépôt" in warnings
    assert "<img" not in article(page)


def test_file_options_are_errors(hostile):
    warnings, _ = hostile("```{csv-table}\n:file: /etc/passwd\n```\n")
    assert "hostile.md:9: WARNING: les options :file: et :url: sont interdites" in warnings


@pytest.mark.parametrize("link", ["[clic](javascript:alert(4))", "<javascript:alert(5)>", "[x](data:text/html,<b>)"])
def test_script_links_never_become_links(hostile, link):
    _, page = hostile(f"Un {link} ici.\n")
    assert not re.search(r'href="\s*(javascript|data):', page, re.I)


def test_latex_commands_in_text_are_escaped(copy_root, build):
    srcdir = copy_root("kb")
    body = "Texte \\write18{touch /tmp/pwned} puis \\input{/etc/passwd} et $x^2$ & 100 % ~ # _ { }.\n"
    (srcdir / "temoignages" / "hostile.md").write_text(HEAD + body, encoding="utf-8")
    app = build(srcdir, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert r"\textbackslash{}write18\{touch /tmp/pwned\}" in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert "\\write18{" not in tex and "\\input{/etc" not in tex


# --- symbolic links and overlong links (issue 17) ------------------------------------------------------

def test_a_folder_that_links_to_itself_is_an_error_and_is_not_followed(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "boucle").symlink_to(".")
    app = build(srcdir)
    warnings = warnings_of(app)
    assert re.search(r"temoignages/boucle:: WARNING: le lien symbolique « temoignages/boucle » forme une boucle .*"
                     r"\[kb\.symlink-loop\]", warnings), warnings
    assert "boucle/" not in warnings  # no page was read through it
    assert not any("boucle" in docname for docname in app.env.found_docs)


def test_a_page_that_links_outside_the_repository_is_not_published(copy_root, build, tmp_path):
    outside = tmp_path / "ailleurs.md"
    outside.write_text(HEAD + SECRET + "\n", encoding="utf-8")
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "lien.md").symlink_to(outside)
    (srcdir / "temoignages" / "lien-casse.md").symlink_to("lien-casse.md")  # a loop of one link
    app = build(srcdir)
    warnings = warnings_of(app)
    assert "temoignages/lien.md:: WARNING: le lien symbolique « temoignages/lien.md » mène hors du dépôt" in warnings
    assert "temoignages/lien-casse.md:: WARNING: le lien symbolique « temoignages/lien-casse.md » forme une boucle" in warnings
    assert all(SECRET not in path.read_text(errors="replace") for path in app.outdir.rglob("*.html"))


def test_a_link_to_nothing_is_an_error_that_says_so(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "perdu.md").symlink_to("deplace.md")  # its target moved away
    (srcdir / "temoignages" / "dossier").symlink_to("../ancien-dossier")
    app = build(srcdir)
    warnings = warnings_of(app)
    for name in ("perdu.md", "dossier"):
        assert re.search(rf"temoignages/{name}:: WARNING: le lien symbolique « temoignages/{name} » ne mène nulle "
                         r"part \(sa cible n’existe pas\) ; il est ignoré .*\[kb\.symlink-broken\]", warnings), warnings
    assert "forme une boucle" not in warnings
    assert "temoignages/perdu" not in app.env.found_docs


def test_an_image_that_is_a_loop_of_links_is_an_error_not_a_crash(copy_root, build):
    srcdir = copy_root("kb")
    (srcdir / "temoignages" / "boucle.png").symlink_to("boucle.png")
    (srcdir / "temoignages" / "hostile.md").write_text(HEAD + "![une image](boucle.png)\n", encoding="utf-8")
    warnings = warnings_of(build(srcdir))
    assert "hostile.md:8: WARNING: le fichier « boucle.png » est hors du dépôt" in warnings


def test_an_overlong_link_is_an_error_and_never_becomes_a_link(hostile):
    warnings, page = hostile("Un [lien](https://example.org/" + "x" * 10_000 + ") démesuré.\n")
    assert re.search(r"hostile\.md:8: WARNING: adresse de lien trop longue \(10\u202f020 caractères, au plus 8\u202f192 : "
                     r"les serveurs web refusent au-delà\) : « https://example\.org/x+… » .*\[kb\.long-link\]", warnings)
    assert "x" * 10_000 not in page


def test_a_long_link_within_the_limit_is_a_link(hostile):
    warnings, page = hostile("Un [lien](https://example.org/" + "x" * 8_000 + ") long mais permis.\n")
    assert "trop longue" not in warnings and 'href="https://example.org/' + "x" * 8_000 + '"' in page
