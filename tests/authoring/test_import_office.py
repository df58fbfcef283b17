"""``python -m kb import`` on Word and OpenDocument files (generated here by
python-docx and pandoc), and on archives that must be refused."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.authoring.helpers import (
    AUTHOR,
    BYLINE,
    ORGANISATION,
    ROLE,
    TITLE,
    all_sentences,
    assert_in_order,
    data_of,
    front_and_body,
    page_text,
    pages,
    png,
    set_odt_creator,
    write_docx,
    write_odt,
)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_office_file(kb, base, tmp_path, kind):
    source = write_docx(tmp_path / "recit.docx") if kind == "docx" else write_odt(tmp_path / "recit.odt")
    status, out, err = kb("import", source)
    assert status == 0, err
    assert err == ""
    data, text = data_of(base, out)
    assert data == {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION}  # no date: the file's is not the text's
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE  # Word's « Title » style, not the stale « Modèle » property
    assert_in_order(all_sentences(), rendered)
    assert BYLINE not in rendered and "Modèle" not in text
    _front, body = front_and_body(text)
    assert "*\\*chaque\\**" in body  # italic kept, the author's asterisks escaped
    assert "**tout**" in body and "- écouter chaque client\u00a0;" in body and "| Année | Clients |" in body
    assert "> Avoir le sens de l’humour" in body


def test_author_from_the_document_properties(kb, base, tmp_path):
    source = write_docx(tmp_path / "recit.docx", title_style=False, byline=False, core_author="Jean-Pierre DUPONT-DURAND")
    status, out, err = kb("import", source)
    assert status == 0, err
    data, text = data_of(base, out)
    assert data == {"auteur": AUTHOR}
    assert "auteur (propriétés du document)" in out
    assert page_text(text).splitlines()[0] == TITLE  # the first heading


def test_a_tool_name_is_no_author(kb, base, tmp_path):
    source = write_docx(tmp_path / "recit.docx", byline=False, core_author="python-docx")
    before = pages(base)
    status, _out, err = kb("import", source)
    assert status == 1 and "aucun auteur trouvé" in err
    assert pages(base) == before


def test_odt_properties(kb, base, tmp_path):
    import pypandoc

    source = tmp_path / "recit.odt"
    pypandoc.convert_text(f"<h1>{TITLE}</h1><p>{'Un texte de l’auteur, tel qu’il l’a écrit. ' * 5}</p>", "odt",
                          format="html", outputfile=str(source))
    set_odt_creator(source, "Camille MARTIN")
    status, out, err = kb("import", source)
    assert status == 0, err
    assert data_of(base, out)[0] == {"auteur": "Camille Martin"}


def test_word_images_are_copied_beside_the_page(kb, base, tmp_path):
    source = write_docx(tmp_path / "recit.docx", image=png(4, 3))
    status, out, err = kb("import", source, "--slug", "avec-image")
    assert status == 0, err
    page = base / "temoignages" / "avec-image.md"
    assert out.splitlines()[-1] == str(page)
    assert "](avec-image/image1.png)" in page.read_text(encoding="utf-8")
    assert (base / "temoignages" / "avec-image" / "image1.png").read_bytes() == png(4, 3)
    assert "1 image" in out


def refused(kb, base, source: Path, expected: str) -> None:
    before = pages(base)
    status, out, err = kb("import", source)
    assert status == 1 and out == ""
    assert err.startswith(f"{source}: ") and expected in err, err
    assert "rien n’a été écrit" in err
    assert pages(base) == before


def test_not_a_zip(kb, base, tmp_path):
    source = tmp_path / "faux.docx"
    source.write_text("Ceci n’est pas un document Word.", encoding="utf-8")
    refused(kb, base, source, "ce n’est pas un fichier .docx valide (un .docx est une archive zip)")


def test_encrypted_word_file(kb, base, tmp_path):
    source = tmp_path / "secret.docx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))  # an encrypted OOXML is a Compound File
    refused(kb, base, source, "protégé par un mot de passe (chiffré)")


def test_encrypted_odt(kb, base, tmp_path):
    source = write_odt(tmp_path / "secret.odt")
    with zipfile.ZipFile(source) as archive:
        items = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(source, "w") as archive:
        for info, data in items:
            if info.filename == "META-INF/manifest.xml":
                data, count = re.subn(rb'(<manifest:file-entry[^>]*content\.xml"[^>]*?)\s*/>',
                                      rb'\1><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>',
                                      data)
                assert count == 1
            archive.writestr(info, data)
    refused(kb, base, source, "protégé par un mot de passe")


def test_zip_without_a_document(kb, base, tmp_path):
    source = tmp_path / "archive.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("lisez-moi.txt", "rien")
    refused(kb, base, source, "n’est pas un document Word (.docx)")
    other = tmp_path / "tableur.odt"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    refused(kb, base, other, "n’est pas un texte OpenDocument")


def bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(2**20)
            for _ in range(size // 2**20):
                member.write(chunk)
    return path


def test_zip_bomb_by_declared_size(kb, base, tmp_path):
    source = bomb(tmp_path / "bombe.docx", 60 * 2**20)  # 60 MB of zeros, about 60 KB on disk
    assert source.stat().st_size < 200_000
    refused(kb, base, source, "se décompresserait en 60 Mo (au plus 50 Mo)")


def test_zip_bomb_by_ratio(kb, base, tmp_path):
    refused(kb, base, bomb(tmp_path / "bombe.docx", 8 * 2**20), "compressé 1")


def test_member_longer_than_it_says(kb, base, tmp_path):
    """Sizes in the headers that lie (and a CRC to match): the inflated stream
    goes on past the declared size; refused before pandoc ever reads it."""
    real = b"<w:document/>" + b" " * 200_000
    declared = real[:1000]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", real)
    data = bytearray(buffer.getvalue())
    crc_real, crc_declared = struct.pack("<I", zlib.crc32(real)), struct.pack("<I", zlib.crc32(declared))
    size_real, size_declared = struct.pack("<I", len(real)), struct.pack("<I", len(declared))
    for header, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        position = data.find(header)
        while position >= 0:
            if data[position + offset:position + offset + 4] == crc_real:
                data[position + offset:position + offset + 4] = crc_declared
                size_at = position + offset + 8
                assert data[size_at:size_at + 4] == size_real
                data[size_at:size_at + 4] = size_declared
            position = data.find(header, position + 4)
    source = tmp_path / "menteur.docx"
    source.write_bytes(bytes(data))
    refused(kb, base, source, "plus long que ce qu’il annonce")


def test_a_200_mb_file(kb, base, tmp_path):
    source = tmp_path / "enorme.docx"
    with source.open("wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: nothing is written to the disk
    assert os.stat(source).st_size == 200 * 2**20
    refused(kb, base, source, "le fichier est trop gros (200 Mo, au plus 20 Mo)")


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_notes_and_links_of_office_files(kb, base, tmp_path, kind):
    """Footnotes and hyperlinks, in files written by pandoc (python-docx writes neither)."""
    import pypandoc

    source = tmp_path / f"notes.{kind}"
    pypandoc.convert_text(f"# {TITLE}\n\n{BYLINE}\n\nLe manifeste[^1] a tout dit : lisez-le sur "
                          f"[le site du manifeste](https://www.cluetrain.com/manifeste.html).\n\n"
                          f"[^1]: Publié en 1999, traduit en français ensuite.\n", kind, format="markdown-smart",
                          outputfile=str(source))
    status, out, err = kb("import", source)
    assert status == 0, err
    data, text = data_of(base, out)
    assert data == {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION}
    body = front_and_body(text)[1]
    assert "Le manifeste[^1] a tout dit" in body
    assert "[^1]: Publié en 1999, traduit en français ensuite." in body
    assert "[le site du manifeste](https://www.cluetrain.com/manifeste.html)" in body
