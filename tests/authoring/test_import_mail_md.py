"""``python -m kb import`` on e-mails and Markdown files."""

from __future__ import annotations

from tests.authoring.helpers import (
    AUTHOR,
    BYLINE,
    NOTE,
    ORGANISATION,
    ROLE,
    TITLE,
    all_sentences,
    assert_in_order,
    data_of,
    front_and_body,
    page_text,
    pages,
    write_eml,
    write_md,
)


def test_html_mail(kb, base, tmp_path):
    status, out, err = kb("import", write_eml(tmp_path / "message.eml"))
    assert status == 0, err
    data, text = data_of(base, out)
    # the byline names the author; the sender (an assistant) and the sending date are not the testimony's
    assert data == {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION}
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE  # the subject, without « TR: »
    assert_in_order(all_sentences(), rendered)
    assert "Assistante" not in text and "\ndate:" not in text and "track.exemple.fr" not in text
    assert BYLINE not in rendered
    assert "**tout**" in front_and_body(text)[1]  # the HTML part: emphasis kept


def test_text_mail(kb, base, tmp_path):
    status, out, err = kb("import", write_eml(tmp_path / "message.eml", html_part=False))
    assert status == 0, err
    data, text = data_of(base, out)
    assert data == {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION}
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE
    assert_in_order(all_sentences(rich=False), rendered)
    assert "01 23 45 67 89" not in text  # the sender's signature, after « -- »


def test_mail_with_an_attachment_and_no_text(kb, base, tmp_path):
    import email.message

    message = email.message.EmailMessage()
    message["From"], message["Subject"] = "a@exemple.fr", "Mon témoignage"
    message.set_content("\n")
    message.add_attachment(b"PK\x03\x04", maintype="application", subtype="octet-stream", filename="temoignage.docx")
    source = tmp_path / "piece-jointe.eml"
    source.write_bytes(bytes(message))
    before = pages(base)
    status, _out, err = kb("import", source)
    assert status == 1
    assert "le message ne contient aucun texte ; pièce jointe « temoignage.docx » non importée" in err
    assert pages(base) == before


def test_not_a_mail(kb, base, tmp_path):
    source = tmp_path / "faux.eml"
    source.write_text("Juste du texte.\n", encoding="utf-8")
    status, _out, err = kb("import", source)
    assert status == 1 and "ce fichier n’est pas un e-mail (.eml)" in err


def test_markdown(kb, base, tmp_path):
    status, out, err = kb("import", write_md(tmp_path / "recit.md"))
    assert status == 0, err
    data, text = data_of(base, out)
    assert data == {"auteur": AUTHOR, "role": ROLE, "organisation": ORGANISATION}
    rendered = page_text(text)
    assert rendered.splitlines()[0] == TITLE
    assert_in_order([*all_sentences(), NOTE], rendered)
    body = front_and_body(text)[1]
    assert "[^1]" in body and f"[^1]: {NOTE}" in body
    assert "[le manifeste](https://www.cluetrain.com/manifeste.html)" in body


def test_markdown_header_and_raw_html(kb, base, tmp_path):
    source = tmp_path / "recit.md"
    source.write_text("---\ntitle: Écouter les clients\nauthor: Camille MARTIN\ndate: 2019-10-02\n"
                      "source: https://exemple.fr/ecouter\n---\n\n"
                      "Nous avons appris à écouter.<script>alert(1)</script> <b onclick=\"x()\">Vraiment</b>.\n\n"
                      "<div>Un bloc HTML de l’auteur.<script>document.write('x')</script></div>\n\n"
                      "Voir {term}`client` et <https://exemple.fr/suite>.\n", encoding="utf-8")
    status, out, err = kb("import", source)
    assert status == 0, err
    data, text = data_of(base, out)
    assert data == {"auteur": "Camille Martin", "date": "2019-10-02", "source": "https://exemple.fr/ecouter"}
    rendered = page_text(text)
    assert rendered.splitlines()[0] == "Écouter les clients"
    assert_in_order(["Nous avons appris à écouter. Vraiment.", "Un bloc HTML de l’auteur.",
                     "Voir {term}client et https://exemple.fr/suite."], rendered)  # `client`: code, in Markdown
    assert "\\{term\\}`client`" in text
    for code in ("alert", "script", "onclick", "document.write"):
        assert code not in text
    assert "code actif retiré : 3" in out


def test_markdown_image_and_encoding(kb, base, tmp_path):
    from tests.authoring.helpers import png

    (tmp_path / "photo.png").write_bytes(png())
    source = tmp_path / "recit.md"
    source.write_text(f"# {TITLE}\n\n{BYLINE}\n\n![La salle](photo.png)\n\n" + "Le texte de l’auteur, tel quel. " * 5,
                      encoding="utf-8")
    status, _out, err = kb("import", source, "--slug", "avec-photo")
    assert status == 0, err
    assert "![La salle](avec-photo/image1.png)" in (base / "temoignages" / "avec-photo.md").read_text(encoding="utf-8")
    assert (base / "temoignages" / "avec-photo" / "image1.png").read_bytes() == png()
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Titre\n\nUn caf\xe9.\n".encode("latin-1"))
    before = pages(base)
    status, _out, err = kb("import", latin)
    assert status == 1 and err.startswith(f"{latin}:3: le texte n’est pas en UTF-8")
    assert pages(base) == before
