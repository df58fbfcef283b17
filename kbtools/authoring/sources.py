"""Reading a source file safely: size, emptiness, encoding, archives, images.

Every check raises ``Refused`` with a French message; the caller names the
file. Limits: 20 MB for a source, 50 MB once an office archive is
uncompressed (and no member inflating more than 100 times past 1 MB), 10 MB
for an image.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

from kbtools.authoring.errors import Refused
from kbtools.messages import system_error

MAX_SOURCE = 20 * 2**20
MAX_UNCOMPRESSED = 50 * 2**20
MAX_RATIO = 100
MAX_MEMBERS = 5000
MAX_IMAGE = 10 * 2**20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: an encrypted Office file, or an old .doc
ZIP = b"PK\x03\x04"
IMAGE_TYPES = {  # magic number -> extension; SVG is refused (it can hold scripts)
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"GIF87a": ".gif",
    b"GIF89a": ".gif",
}


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} Mo".replace(".", ",")


def unreadable(error: OSError) -> Refused:
    return Refused(f"ce fichier ne peut pas être lu ({system_error(error)})")


def read_source(path: Path) -> bytes:
    """The bytes of *path*, once it is known to be a readable, non-empty file
    under the size limit (the size is checked before anything is read)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Refused("ce fichier n’existe pas ; vérifiez le chemin") from None
    except OSError as error:
        raise unreadable(error) from None
    if not path.is_file():
        raise Refused("ce n’est pas un fichier (un dossier ?) ; donnez le chemin d’un fichier")
    if info.st_size > MAX_SOURCE:
        raise Refused(f"le fichier est trop gros ({megabytes(info.st_size)}, au plus {megabytes(MAX_SOURCE)}) ; "
                      f"un témoignage tient en bien moins, le fichier contient-il autre chose ?")
    if info.st_size == 0:
        raise Refused("le fichier est vide")
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError as error:
        raise unreadable(error) from None
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_SOURCE + 1)
    if len(data) > MAX_SOURCE:  # it grew while we read it
        raise Refused(f"le fichier est trop gros (plus de {megabytes(MAX_SOURCE)})")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is allowed; UTF-16 with its BOM too); otherwise the
    line of the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Refused("le texte annonce l’UTF-16 mais n’en est pas ; réenregistrez-le en UTF-8") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise Refused(f"le texte n’est pas en UTF-8 (octet 0x{data[error.start]:02X}, colonne {column}) ; "
                      f"réenregistrez le fichier en UTF-8 (« Enregistrer sous », encodage UTF-8)",
                      line=line) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise Refused("le fichier ne contient aucun texte")
    return text


def check_office(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """An Office or OpenDocument file: a zip, not encrypted, not a bomb.

    Declared sizes are checked before anything is inflated; then every
    member's stream is inflated once, counting (nothing is kept), and must
    give exactly its declared size: a member that lies about its size is
    refused too, before pandoc reads it."""
    if data.startswith(OLE):
        raise Refused(f"ce fichier est protégé par un mot de passe (chiffré), ou c’est un ancien format "
                      f"(.doc) : ouvrez-le, retirez le mot de passe et enregistrez-le au format {kind}")
    if not data.startswith(ZIP):
        raise Refused(f"ce n’est pas un fichier {kind} valide (un {kind} est une archive zip) ; "
                      f"ouvrez-le et enregistrez-le de nouveau au format {kind}")
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"ce fichier {kind} est abîmé (archive zip illisible)") from None
    if len(members) > MAX_MEMBERS:
        raise Refused(f"ce fichier {kind} contient {len(members)} fichiers internes (au plus {MAX_MEMBERS}) : "
                      f"refusé")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise Refused(f"ce fichier {kind} se décompresserait en {megabytes(total)} (au plus "
                      f"{megabytes(MAX_UNCOMPRESSED)}) : refusé, c’est peut-être une « bombe zip »")
    for member in members:
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise Refused(f"ce fichier {kind} contient « {member.filename} », compressé "
                          f"{member.file_size // max(member.compress_size, 1)} fois : refusé, c’est peut-être "
                          f"une « bombe zip »")
        if member.flag_bits & 0x1:
            raise Refused(f"ce fichier {kind} est chiffré (protégé par un mot de passe) : retirez le mot de "
                          f"passe et enregistrez-le de nouveau")
    inflated = 0
    for member in members:
        size = _inflate(data, member, MAX_UNCOMPRESSED - inflated, kind)
        inflated += size
        if inflated > MAX_UNCOMPRESSED:
            raise Refused(f"ce fichier {kind} se décompresse en plus de {megabytes(MAX_UNCOMPRESSED)} : refusé, "
                          f"c’est peut-être une « bombe zip »")
        if size != member.file_size:
            raise Refused(f"ce fichier {kind} contient « {member.filename} », plus long que ce qu’il annonce : "
                          f"refusé, c’est peut-être une « bombe zip »")
    return archive


def _inflate(data: bytes, member: zipfile.ZipInfo, budget: int, kind: str) -> int:
    """How many bytes *member*'s stream really inflates to (counting stops
    past *budget*), whatever its header declares."""
    header = data[member.header_offset:member.header_offset + 30]
    if len(header) < 30 or not header.startswith(ZIP):
        raise Refused(f"ce fichier {kind} est abîmé (archive zip illisible)")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = member.header_offset + 30 + name_length + extra_length
    raw = data[start:start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise Refused(f"ce fichier {kind} utilise une compression inconnue : refusé")
    inflater = zlib.decompressobj(-15)
    total = 0
    try:
        while raw and total <= budget:
            total += len(inflater.decompress(raw, 2**20))
            raw = inflater.unconsumed_tail
    except zlib.error:
        raise Refused(f"ce fichier {kind} est abîmé (« {member.filename} » illisible)") from None
    return total


def image_extension(path: Path) -> str | None:
    """The extension of an image the site can show (PNG, JPEG, GIF, WebP), by its bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return ".webp"
    for magic, extension in IMAGE_TYPES.items():
        if head.startswith(magic):
            return extension
    return None


def accept_image(path: Path, label: str, problems: list, *, inside: Path | None = None) -> str | None:
    """The extension of an image that can be copied beside the page; None
    (and a problem for the author) otherwise."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append((None, f"image « {label} » introuvable : elle n’est pas reprise"))
        return None
    if inside is not None:
        try:
            resolved.relative_to(inside.resolve())
        except ValueError:
            problems.append((None, f"image « {label} » hors du dossier de la source : elle n’est pas reprise"))
            return None
    if not resolved.is_file():
        problems.append((None, f"image « {label} » introuvable : elle n’est pas reprise"))
        return None
    if resolved.stat().st_size > MAX_IMAGE:
        problems.append((None, f"image « {label} » trop grosse ({megabytes(resolved.stat().st_size)}, au plus "
                               f"{megabytes(MAX_IMAGE)}) : elle n’est pas reprise"))
        return None
    extension = image_extension(resolved)
    if extension is None:
        problems.append((None, f"image « {label} » dans un format que le site n’affiche pas (seuls PNG, JPEG, "
                               f"GIF et WebP le sont ; convertissez-la) : elle n’est pas reprise"))
    return extension
