"""Pictures in every edition: PNG, JPEG, GIF, WebP and SVG reach the HTML and
the PDF (converted where LaTeX cannot take them); an image that is not what
its name says, does not decode, is a decompression bomb, or an SVG that
reaches outside itself, is an error at its line, before LaTeX runs."""

from __future__ import annotations

import base64
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.read.images import Refused, check_image
from tests.helpers import ROOT, warnings_of
from tests.helpers.hostile import SVG_ENTITY, SVG_FILE_IMAGE, SVG_SCHEMA, SVG_XLINK_IMAGE, png_header_only, raster

IMAGES = {"photo.png": "PNG", "photo.jpg": "JPEG", "anime.gif": "GIF", "photo.webp": "WEBP"}
SECRET = "kb-17-secret-" + "7" * 12  # the content of a file a hostile SVG tries to read


def refusal(data: bytes | str, kind: str) -> str | None:
    try:
        check_image(data.encode() if isinstance(data, str) else data, kind)
    except Refused as reason:
        return str(reason)
    return None


@pytest.fixture
def images_root(copy_root) -> Path:
    """The test root with one image of each format, generated (an animated GIF of two frames)."""
    from PIL import Image

    srcdir = copy_root("images")
    folder = srcdir / "temoignages" / "img"
    folder.mkdir()
    for name, kind in IMAGES.items():
        (folder / name).write_bytes(raster(kind))
    frames = [Image.new("P", (40, 20), colour) for colour in (1, 2)]
    frames[0].save(folder / "anime.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    (folder / "schema.svg").write_text(SVG_SCHEMA, encoding="utf-8")
    (folder / "figure.svg").write_text(SVG_SCHEMA.replace("Schéma", "Figure"), encoding="utf-8")
    return srcdir


# --- the checks, one file at a time ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_a_small_picture_of_each_format_passes(kind):
    assert refusal(raster(kind), {"WEBP": "WebP"}.get(kind, kind)) is None


def test_an_ordinary_svg_passes_even_with_the_standard_doctype():
    assert refusal(SVG_SCHEMA, "SVG") is None
    doctype = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
               '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG_SCHEMA)
    assert refusal(doctype, "SVG") is None
    inside = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
              '<rect fill="url(#g)" style="fill: url(\'#g\')"/><use href="#g"/>'
              f'<image href="data:image/png;base64,{base64.b64encode(raster("PNG")).decode()}"/></svg>')
    assert refusal(inside, "SVG") is None


@pytest.mark.parametrize(("data", "kind", "expected"), [
    ("Ceci n’est pas une image.\n", "PNG", "son contenu n’est pas une image PNG ; c’est un autre fichier (du texte ?)"),
    (raster("JPEG"), "PNG", "c’est une image JPEG : donnez au fichier l’extension « .jpg »"),
    (raster("PNG"), "JPEG", "c’est une image PNG : donnez au fichier l’extension « .png »"),
    (b"%PDF-1.4\n", "PNG", "c’est un fichier PDF : enregistrez l’image en PNG, JPEG ou SVG"),
    (SVG_SCHEMA, "PNG", "c’est une image SVG"),
    (raster("PNG")[:100], "PNG", "l’image PNG est abîmée (fichier tronqué)"),
    (raster("JPEG")[:400], "JPEG", "l’image JPEG ne se décode pas"),
    (png_header_only(5_000, 5_000), "PNG", "l’image PNG est abîmée (il manque des pixels"),
    (raster("PNG").replace(b"IDAT", b"IDAt"), "PNG", "l’image PNG est abîmée (bloc IDAt corrompu)"),
    ("<html><body/></html>", "SVG", "le fichier est du XML mais pas un SVG"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "SVG", "le SVG est mal formé (mismatched tag, ligne 1)"),
], ids=["text-as-png", "jpeg-as-png", "png-as-jpeg", "pdf-as-png", "svg-as-png", "truncated-png", "truncated-jpeg",
        "png-missing-rows", "png-bad-crc", "html-as-svg", "malformed-svg"])
def test_a_file_that_is_not_what_it_says_is_refused(data, kind, expected):
    assert expected in (refusal(data, kind) or "")


def test_a_decompression_bomb_is_refused_from_its_header_alone():
    bomb = png_header_only(50_000, 50_000)  # 2.5 billion pixels: 2.5 GB once decoded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    assert refusal(bomb, "PNG") == ("50\u202f000 × 50\u202f000 pixels, image trop grande (au plus 50 millions de "
                                    "pixels) ; réduisez-la (image too large)")
    assert time.monotonic() - start < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB: no pixel was decoded
    assert "trop grande" in refusal(png_header_only(8_000, 7_000), "PNG")  # 56 megapixels


@pytest.mark.parametrize(("svg", "expected"), [
    (SVG_ENTITY, "le SVG fait des déclarations XML (« <!DOCTYPE svg [ … ]> »), des entités qui pourraient lire un "
                 "fichier de l’ordinateur qui construit le site ; supprimez ce DOCTYPE (ligne 2 du SVG ; SVG declares "
                 "XML entities)"),
    (SVG_FILE_IMAGE, "le SVG renvoie à « file:///etc/passwd » ; un SVG ne peut renvoyer qu’à lui-même (« #… ») ou à "
                     "une image qu’il contient (« data:image/… ») : incorporez l’image dans le schéma (ligne 1 du SVG ; "
                     "SVG refers to another file or address)"),
    (SVG_XLINK_IMAGE, "le SVG renvoie à « http://127.0.0.1:9/x.png »"),
    ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">]>'
     '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "le SVG fait des déclarations XML"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "un élément « script »"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "un attribut « onload »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "un élément « foreignObject »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(file:///etc/passwd#x)"/></svg>',
     "le SVG renvoie à « file:///etc/passwd#x »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/x.css);</style></svg>',
     "le SVG importe une feuille de style"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url("file:///etc/x.svg#p") }</style></svg>',
     "le SVG renvoie à « file:///etc/x.svg#p »"),
    ('<?xml-stylesheet href="file:///etc/passwd"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     "une feuille de style externe"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
     "le SVG renvoie à « data:image/svg+xml;base64,PHN2Zy8+ »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,'
     + base64.b64encode(png_header_only(50_000, 50_000)).decode() + '"/></svg>', "image trop grande"),
], ids=["external-entity", "file-image", "xlink-http", "billion-laughs", "script", "onload", "foreign-object",
        "css-file-url", "css-import", "style-file-url", "xml-stylesheet", "nested-svg-data", "embedded-bomb"])
def test_an_svg_that_reaches_outside_itself_is_refused(svg, expected):
    assert expected in (refusal(svg, "SVG") or ""), refusal(svg, "SVG")


# --- a build: every format in every edition -----------------------------------------------------------

def test_every_format_reaches_the_html_as_it_is(images_root, build):
    app = build(images_root)
    assert warnings_of(app) == ""
    page = (app.outdir / "temoignages" / "images.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img alt="[^"]*" src="([^"]+)"', page)
    assert sorted(Path(s).name for s in sources) == sorted(["photo.png", "photo.jpg", "anime.gif", "photo.webp",
                                                            "schema.svg", "figure.svg"])
    for source in sources:  # browsers show all five formats: no conversion, the file itself
        copied = (app.outdir / "temoignages" / source).resolve()
        assert copied.read_bytes() == (images_root / "temoignages" / "img" / copied.name).read_bytes()


def test_the_latex_edition_gets_files_latex_can_include(images_root, build):
    app = build(images_root, "latex")
    assert warnings_of(app) == ""
    tex = (app.outdir / "images.tex").read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([^}]+)\}(\.\w+)\}", tex)
    assert len(included) == 6
    assert {suffix for _, suffix in included} <= {".png", ".jpg", ".pdf"}
    for stem, suffix in included:
        path = app.outdir / f"{stem}{suffix}"
        assert path.is_file(), path
        head = path.read_bytes()[:8]
        assert head.startswith({".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".pdf": b"%PDF"}[suffix]), (path, head)
    # Two SVGs became PDFs, the GIF and the WebP became PNGs next to the original PNG (no clash).
    assert sum(suffix == ".pdf" for _, suffix in included) == 2
    assert len({stem for stem, suffix in included if suffix == ".png"}) == 3
    # A later build converts nothing again: the conversions are kept beside the doctrees.
    converted = sorted(Path(app.doctreedir, "images").glob("*"))
    stamps = [p.stat().st_mtime_ns for p in converted]
    app.cleanup()  # unregister its nodes, so that the next app starts clean
    app2 = build(images_root, "latex")
    assert warnings_of(app2) == ""
    assert [p.stat().st_mtime_ns for p in converted] == stamps


@pytest.mark.parametrize(("files", "line", "expected"), [
    ({"faux.png": b"Ceci n'est pas une image."}, 10, "image « img/faux.png » refusée : son contenu n’est pas une image PNG"),
    ({"immense.png": png_header_only(50_000, 50_000)}, 10, "image « img/immense.png » refusée : 50\u202f000 × 50\u202f000 pixels"),
    ({"ancien.bmp": b"BM" + bytes(60)}, 10, "image « img/ancien.bmp » refusée : format « .bmp » non pris en charge"),
])
def test_a_broken_image_is_an_error_at_its_line_in_every_edition(copy_root, build, files, line, expected):
    srcdir = copy_root("images")
    (srcdir / "temoignages" / "img").mkdir()
    (name, data), = files.items()
    (srcdir / "temoignages" / "img" / name).write_bytes(data)
    (srcdir / "temoignages" / "images.md").write_text(
        "---\nidentifiant: T-951\nauteur: Personne Synthétique\n---\n\n# Une image cassée\n\nAvant.\n\n"
        f"![Le texte de remplacement](img/{name})\n\nAprès.\n", encoding="utf-8")
    for builder in ("html", "latex"):
        app = build(srcdir, builder, freshenv=True)  # each edition reads, and reports, everything
        app.cleanup()
        warnings = warnings_of(app)
        assert re.search(rf"temoignages/images\.md:{line}: WARNING: {re.escape(expected)}", warnings), warnings
        assert name not in {p.name for p in Path(app.outdir).rglob("*")}  # never copied nor converted


def test_hostile_svgs_are_errors_and_their_target_never_reaches_an_output(copy_root, build, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    svgs = {
        "entite.svg": SVG_ENTITY.replace("file:///etc/passwd", secret.as_uri()),
        "passwd.svg": SVG_ENTITY,  # the issue's own: an external entity on /etc/passwd
        "fichier.svg": SVG_FILE_IMAGE.replace("file:///etc/passwd", secret.as_uri()),
        "xlink.svg": SVG_XLINK_IMAGE,
    }
    srcdir = copy_root("images")
    (srcdir / "temoignages" / "img").mkdir()
    for name, svg in svgs.items():
        (srcdir / "temoignages" / "img" / name).write_text(svg, encoding="utf-8")
    body = "".join(f"![Schéma {name}](img/{name})\n\n" for name in svgs)
    (srcdir / "temoignages" / "images.md").write_text(
        "---\nidentifiant: T-952\nauteur: Personne Synthétique\n---\n\n# Des schémas hostiles\n\n" + body, encoding="utf-8")
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    for builder in ("html", "latex"):
        app = build(srcdir, builder, freshenv=True)  # each edition reads, and reports, everything
        app.cleanup()
        warnings = warnings_of(app)
        for line, name in zip(range(8, 16, 2), svgs, strict=True):
            assert re.search(rf"temoignages/images\.md:{line}: WARNING: image « img/{re.escape(name)} » refusée : "
                             r"le SVG .*\[kb\.unsafe-content\]", warnings), (name, warnings)
        for path in [*Path(app.outdir).rglob("*"), *Path(app.doctreedir).rglob("*")]:
            if path.is_file():
                data = path.read_bytes()
                assert SECRET.encode() not in data and passwd.encode() not in data, path
                assert not (path.suffix == ".svg" and path.name in svgs), path  # not even copied


def test_an_image_embedded_as_data_is_checked_too(copy_root, build):
    srcdir = copy_root("images")
    svg = base64.b64encode(SVG_FILE_IMAGE.encode()).decode()
    (srcdir / "temoignages" / "images.md").write_text(
        "---\nidentifiant: T-953\nauteur: Personne Synthétique\n---\n\n# Une image incluse\n\n"
        f"```{{image}} data:image/svg+xml;base64,{svg}\n```\n", encoding="utf-8")  # MyST's ![]() refuses data:
    warnings = warnings_of(build(srcdir, "latex"))
    assert re.search(r"temoignages/images\.md:8: WARNING: image « data:image/svg\+xml;base64,.*» refusée : le SVG "
                     r"renvoie à « file:///etc/passwd »", warnings), warnings


# --- the real site: an SVG diagram in a testimonial, through XeLaTeX ------------------------------------

@pytest.mark.site
def test_an_svg_diagram_reaches_the_published_pdf(tmp_path):
    from tests.helpers import PDF_NAME
    from tests.helpers.site import copy_site_sources, pdf_text

    source = copy_site_sources(ROOT, tmp_path / "src")
    shutil.rmtree(source / "temoignages")
    (source / "temoignages" / "img").mkdir(parents=True)
    shutil.copyfile(ROOT / "temoignages" / "index.md", source / "temoignages" / "index.md")
    (source / "temoignages" / "img" / "schema.svg").write_text(SVG_SCHEMA, encoding="utf-8")
    (source / "temoignages" / "schema.md").write_text(
        "---\nidentifiant: T-954\nauteur: Personne Synthétique\n---\n\n# Un témoignage avec un schéma\n\n"
        "Avant le schéma.\n\n![Un schéma](img/schema.svg)\n\nAprès le schéma.\n", encoding="utf-8")
    build = tmp_path / "build"
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build), "build"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = build / "pdf" / PDF_NAME
    assert "Schéma" in pdf_text(pdf)  # the diagram's own text, drawn as vector text in the book
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "image" not in images.split("\n", 2)[-1]  # a vector drawing, not a picture of one
    assert (build / "html" / "_images" / "schema.svg").read_text(encoding="utf-8") == SVG_SCHEMA


def test_a_missing_svg_is_sphinxs_warning_not_a_crash_of_the_conversion(copy_root, build):
    srcdir = copy_root("images")
    (srcdir / "temoignages" / "images.md").write_text(
        "---\nidentifiant: T-955\nauteur: Personne Synthétique\n---\n\n# Une image absente\n\n![Absente](img/absente.svg)\n",
        encoding="utf-8")
    warnings = warnings_of(build(srcdir, "latex"))
    assert "temoignages/images.md:8: WARNING: image file not readable: temoignages/img/absente.svg" in warnings
