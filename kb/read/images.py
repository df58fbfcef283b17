"""Pictures: every image a page shows reaches every edition, or the build says
why not, at the image's line, before LaTeX runs.

Read time (``doctree-read``, after Sphinx's image collector), each image file
is checked once for all editions:

- its content is what its extension says (the first bytes), in a format every
  edition can show: PNG, JPEG, GIF, WebP or SVG;
- a picture is not a decompression bomb: its size comes from its header,
  before any pixel is decoded, and is bounded; then it must decode;
- an SVG is a drawing and nothing else: no DOCTYPE with declarations, no XML
  entity, no reference to another file or address (``href`` is ``#…`` or an
  embedded ``data:image/…``), no script. It is read by expat, which loads no
  DTD and no external entity; any entity declaration stops it.

A refused image becomes its alternative text: it is never copied nor converted.

Write time (a post-transform, like ``sphinx.ext.imgconverter``), for the
editions that cannot show a format (the PDF; the EPUB when it exists): SVG
becomes PDF through CairoSVG, which fetches nothing; GIF and WebP become PNG
through Pillow (the first frame). The converted files live beside the
doctrees and are made again only when their source changes.
"""

from __future__ import annotations

import base64
import io
import os
import re
import struct
import xml.parsers.expat
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util.images import parse_data_uri

from kb.core.diagnostics import KbWarning, warn
from kb.core.french import number, shorten

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MAX_PIXELS = 50_000_000  # 50 megapixels: a 8,000 × 6,000 photograph; 200 MB once decoded
MAX_BYTES = 20 * 1024 * 1024
# The formats every edition shows (the PDF after conversion), by extension.
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP", ".svg": "SVG"}
MIMETYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP",
             "image/svg+xml": "SVG"}
SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WebP": ".webp", "SVG": ".svg"}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# In an SVG, a reference may point inside the drawing or embed a picture, nothing else.
INTERNAL_HREF = re.compile(r"\s*(#|data:image/(png|jpeg|gif|webp)[;,])", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
# Builders that show every format as it is (web browsers).
SHOWS_EVERY_FORMAT = {"html", "dirhtml", "singlehtml"}


class Refused(Exception):
    """Why an image cannot be used, in French (with the English gist)."""

    def __init__(self, message: str, subtype: KbWarning = KbWarning.IMAGE) -> None:
        super().__init__(message)
        self.subtype = subtype


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file announce, whatever its name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "SVG" if b"<svg" in head else "XML"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head[:4] in (b"\x01\x00\x00\x00", b"\xd7\xcd\xc6\x9a"):
        return "EMF/WMF"
    return None


def check_raster(data: bytes, kind: str) -> tuple[int, int]:
    """The size of a PNG, JPEG, GIF or WebP picture that is not too large and decodes."""
    import imagesize  # a requirement of Sphinx: reads the size from the header, and nothing else
    from PIL import Image

    width, height = imagesize.get(io.BytesIO(data))
    if width * height > MAX_PIXELS:
        raise Refused(f"{number(width)} × {number(height)} pixels, image trop grande (au plus "
                      f"{number(MAX_PIXELS // 1_000_000)} millions de pixels) ; réduisez-la (image too large)")
    if kind == "PNG":
        png_complete(data)  # its chunks first: libpng, not Pillow, reads it for the PDF
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:  # a header imagesize could not read
                raise Refused(f"{number(width)} × {number(height)} pixels, image trop grande (au plus "
                              f"{number(MAX_PIXELS // 1_000_000)} millions de pixels) ; réduisez-la "
                              "(image too large)")
            picture.load()  # decodes: a truncated or corrupt file fails here
    except Refused:
        raise
    except Exception as error:  # Pillow raises many kinds, its bomb check included
        reason = "contenu illisible" if "cannot identify" in str(error) else shorten(error, 60)
        raise Refused(f"l’image {kind} ne se décode pas ({reason}) ; ouvrez-la dans un logiciel "
                      "d’images et enregistrez-la de nouveau (cannot decode image)") from error
    return width, height


# Samples per pixel of each PNG colour type; the passes of Adam7 interlacing (x0, y0, dx, dy).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def png_complete(data: bytes) -> None:
    """Refuse a PNG whose chunks are damaged or whose pixel data stops short.

    Pillow fills missing rows without a word; libpng, which XeLaTeX's PDF
    driver uses, stops the book (« Not enough image data »). The data is
    inflated a megabyte at a time and counted, never kept.
    """
    def broken(reason: str) -> Refused:
        return Refused(f"l’image PNG est abîmée ({reason}) ; ouvrez-la dans un logiciel d’images et "
                       "enregistrez-la de nouveau (damaged PNG)")

    position, expected, produced = 8, None, 0
    inflate = zlib.decompressobj()
    while position + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        crc = data[position + 8 + length:position + 12 + length]
        if len(body) < length or len(crc) < 4:
            raise broken("fichier tronqué")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise broken(f"bloc {kind.decode('latin-1')} corrompu")
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body[:13])
            bits = PNG_CHANNELS.get(colour, 4) * depth
            passes = ADAM7 if interlace else ((0, 0, 1, 1),)
            expected = 0
            for x0, y0, dx, dy in passes:
                columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
                if columns > 0 and rows > 0:
                    expected += rows * (1 + -(-columns * bits // 8))
        elif kind == b"IDAT":
            pending = body
            while pending:
                try:
                    produced += len(inflate.decompress(pending, 1 << 20))
                except zlib.error as error:
                    raise broken(f"données compressées invalides : {shorten(error, 40)}") from error
                pending = inflate.unconsumed_tail
        elif kind == b"IEND":
            break
        position += 12 + length
    if expected is None or produced < expected:
        raise broken("il manque des pixels : le fichier a été coupé")


def check_svg(data: bytes) -> None:
    """Refuse an SVG that declares entities, refers outside itself or scripts.

    expat is driven directly, element by element: it reads no DTD and no
    external entity, and any entity declaration stops the parse before the
    entity is used.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    seen_root: list[str] = []
    texts: list[str] = []

    def where() -> str:
        return f"ligne {parser.CurrentLineNumber} du SVG"

    def refuse(what: str, english: str, located: bool = True) -> None:
        raise Refused(f"{what} ({where() + ' ; ' if located else ''}{english})", KbWarning.UNSAFE_CONTENT)

    def doctype(name: str, system_id: str | None, public_id: str | None, internal_subset: int) -> None:
        if internal_subset:  # « <!DOCTYPE svg [ … ]> »: entities, attribute defaults
            refuse("le SVG fait des déclarations XML (« <!DOCTYPE svg [ … ]> »), des entités qui pourraient "
                   "lire un fichier de l’ordinateur qui construit le site ; supprimez ce DOCTYPE",
                   "SVG declares XML entities")

    def entity(name: str, *args: Any) -> None:
        refuse(f"le SVG déclare l’entité XML « {shorten(name, 30)} », qui pourrait lire un fichier de "
               "l’ordinateur qui construit le site ; enregistrez le schéma sans DOCTYPE ni entité",
               "SVG declares an XML entity")

    def external(*args: Any) -> int:
        refuse("le SVG fait appel à une entité externe ; enregistrez le schéma sans DOCTYPE ni entité",
               "SVG refers to an external entity")
        return 0

    def reference(value: str, located: bool = True) -> None:
        if value.strip() and not INTERNAL_HREF.match(value):
            refuse(f"le SVG renvoie à « {shorten(value, 60)} » ; un SVG ne peut renvoyer qu’à lui-même "
                   "(« #… ») ou à une image qu’il contient (« data:image/… ») : incorporez l’image "
                   "dans le schéma", "SVG refers to another file or address", located)

    def start(tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if not seen_root:
            seen_root.append(tag)
            if local != "svg" or namespace not in ("", SVG_NAMESPACE):
                refuse(f"le fichier est du XML mais pas un SVG (élément racine « {shorten(local, 30)} »)",
                       "not an SVG file")
        if local in ("script", "foreignObject", "iframe", "embed", "object"):
            refuse(f"le SVG contient un élément « {local} » : un schéma n’exécute rien et n’inclut pas de "
                   "page web ; supprimez-le", "SVG with a script or foreign content")
        for name, value in attributes.items():
            attribute = name.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                refuse(f"le SVG contient un attribut « {shorten(attribute, 30)} », du code exécuté par le "
                       "navigateur ; supprimez-le", "SVG with an event handler")
            if attribute == "href":
                reference(value)
            for target in CSS_URL.findall(value):
                reference(target)

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse("le SVG fait appel à une feuille de style externe (« xml-stylesheet ») ; écrivez les styles "
                   "dans le SVG", "SVG refers to an external stylesheet")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.CharacterDataHandler = texts.append
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise Refused(f"le SVG est mal formé ({shorten(xml.parsers.expat.errors.messages[error.code], 50)}, "
                      f"ligne {error.lineno}) ; ouvrez-le dans un logiciel de dessin et enregistrez-le de "
                      "nouveau (malformed SVG)") from error
    if not seen_root:
        raise Refused("le SVG ne contient aucun dessin (malformed SVG)")
    style = "".join(texts)  # <style> and text, checked whole: the parser may split a run
    if "@import" in style:
        refuse("le SVG importe une feuille de style (« @import ») ; écrivez les styles dans le SVG",
               "SVG imports a stylesheet", located=False)
    for target in CSS_URL.findall(style):
        reference(target, located=False)


def check_image(data: bytes, expected: str) -> None:
    """Refuse *data* unless it is a usable picture in the format *expected*."""
    if len(data) > MAX_BYTES:
        raise Refused(f"fichier de {number(len(data) // 2**20)} Mo, trop lourd (au plus "
                      f"{number(MAX_BYTES // 2**20)} Mo) ; réduisez l’image (image file too large)")
    found = sniff(data[:4096])
    if found == "XML" and expected == "SVG":
        found = "SVG"  # a long prologue: the parser says whether it is one
    if found != expected:
        if found in SUFFIX:
            hint = f"c’est une image {found} : donnez au fichier l’extension « {SUFFIX[found]} »"
        elif found:
            hint = f"c’est un fichier {found} : enregistrez l’image en PNG, JPEG ou SVG"
        else:
            hint = "c’est un autre fichier (du texte ?) : vérifiez le fichier"
        raise Refused(f"son contenu n’est pas une image {expected} ; {hint} (content does not match the "
                      "extension)")
    if expected == "SVG":
        check_svg(data)
        for embedded in re.findall(rb"data:image/(?:png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)", data):
            picture = base64.b64decode(embedded)
            check_raster(picture, sniff(picture[:64]) or "incluse")
    else:
        check_raster(data, expected)


def _refuse_node(image: nodes.image, shown: str, reason: Refused) -> None:
    warn(f"image « {shorten(shown, 60)} » refusée : {reason}", reason.subtype, image)
    alt = image.get("alt", "")
    replacement = nodes.Text(alt) if isinstance(image.parent, nodes.TextElement) else nodes.paragraph("", alt)
    image.replace_self(replacement)


def check_images(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after the image collector): every image file of the page, checked."""
    srcdir = Path(app.srcdir)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        candidates = image.get("candidates", {})
        shown = image.get("original_uri", uri)
        try:
            if uri.startswith("data:"):
                embedded = parse_data_uri(uri)
                kind = MIMETYPES.get(embedded.mimetype) if embedded else None
                if embedded is None or kind is None:
                    raise Refused("image incluse d’un format inconnu : seuls PNG, JPEG, GIF, WebP et SVG "
                                  "sont pris en charge (unsupported image format)")
                check_image(embedded.data, kind)
                continue
            for path in {p for key, p in candidates.items() if key != "?"}:
                kind = FORMATS.get(os.path.splitext(path)[1].lower())
                if kind is None:
                    raise Refused(f"format « {shorten(os.path.splitext(path)[1], 10) or 'sans extension'} » "
                                  "non pris en charge : enregistrez l’image en PNG, JPEG, GIF, WebP ou SVG, "
                                  "que toutes les éditions affichent (unsupported image format)")
                file = srcdir / path
                if not file.is_file():
                    continue  # Sphinx's collector has said so
                with file.open("rb") as handle:
                    data = handle.read(MAX_BYTES + 1)
                check_image(data, kind)
        except Refused as reason:
            _refuse_node(image, shown, reason)


class EditionImages(ImageConverter):
    """SVG to PDF, GIF and WebP to PNG, for the editions that cannot show them."""

    conversion_rules = [
        ("image/svg+xml", "application/pdf"),
        ("image/gif", "image/png"),
        ("image/webp", "image/png"),
    ]

    def match(self, node: nodes.image) -> bool:
        if self.env._builder_cls.name in SHOWS_EVERY_FORMAT:
            return False
        return super().match(node)

    def is_available(self) -> bool:
        return True  # CairoSVG and Pillow are requirements; a failure is reported per image

    def handle(self, node: nodes.image) -> None:
        source_type, _ = self.get_conversion_rule(node)
        if node["candidates"].get(source_type, node["candidates"].get("*")) not in self.env.images:
            return  # a file that could not be read: Sphinx's image collector has said so
        try:
            super().handle(node)
        except Refused as reason:
            warn(f"image « {shorten(node.get('original_uri', node['uri']), 60)} » non convertie pour "
                 f"l’édition {self.env._builder_cls.name} : {reason}", reason.subtype, node)

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        source, target = Path(_from), Path(_to)
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            return True
        data = source.read_bytes()
        kind = FORMATS.get(source.suffix.lower(), "?")
        check_image(data, kind)  # again: an image embedded as data: was never read from a file
        partial = target.with_name(target.name + ".partial")
        try:
            if kind == "SVG" and target.suffix == ".pdf":
                from cairosvg.surface import PDFSurface

                PDFSurface.convert(bytestring=data, write_to=str(partial), unsafe=False, url_fetcher=_fetch_nothing)
            else:
                from PIL import Image

                with Image.open(io.BytesIO(data)) as picture:
                    picture.seek(0)  # an animation: its first frame
                    alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
                    picture.convert("RGBA" if alpha else "RGB").save(partial, "PNG")
        except Refused:
            raise
        except Exception as error:  # CairoSVG and Pillow raise many kinds
            partial.unlink(missing_ok=True)
            raise Refused(f"la conversion a échoué ({shorten(error, 60)}) ; ouvrez l’image dans un logiciel "
                          "de dessin et enregistrez-la de nouveau, en PNG si possible (conversion failed)") from error
        os.replace(partial, target)
        return True


def _fetch_nothing(url: str, resource_type: str) -> bytes:
    """CairoSVG's fetcher: embedded pictures only (``data:``); nothing from a file or the network."""
    embedded = parse_data_uri(url) if url.startswith("data:") else None
    if embedded is None or embedded.mimetype not in MIMETYPES or embedded.mimetype == "image/svg+xml":
        raise Refused(f"le SVG renvoie à « {shorten(url, 60)} » (SVG refers to another file or address)",
                      KbWarning.UNSAFE_CONTENT)
    return embedded.data


def setup_images(app: Sphinx) -> None:
    app.connect("doctree-read", check_images, priority=600)
    app.add_post_transform(EditionImages)
