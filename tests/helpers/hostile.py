"""The catalog of hostile or broken testimonials, each with its expected outcome.

``Error(line, text)``: the build fails with a warning naming the file and
that line, whose message contains *text*. ``Correct(*texts)``: the build
succeeds and every text reaches the page (HTML) and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Error:
    line: int
    text: str


@dataclass(frozen=True)
class Correct:
    texts: tuple[str, ...]

    def __init__(self, *texts: str) -> None:
        object.__setattr__(self, "texts", texts)


def head(number: int, extra: str = "", title: str = "Témoignage hostile") -> str:
    """Front matter (lines 1 to 4 plus extra lines), a blank line, the title."""
    return f"---\nidentifiant: T-{number:03d}\nauteur: Personne Synthétique\n{extra}---\n\n# {title}\n\n"


BIG = "".join(f"Paragraphe synthétique numéro {i}, pour un témoignage de deux mégaoctets.\n\n"
              for i in range(27000))
LATEX = r"Les caractères \ { } $ & # ^ _ ~ % restent tels quels."

CASES: dict[str, tuple[bytes | str, Error | Correct]] = {
    # --- front matter -----------------------------------------------------------
    "yaml-malforme": ("---\nidentifiant: T-101\nauteur: [Personne\n---\n\n# T\n", Error(3, "YAML mal formé")),
    "entete-non-fermee": ("---\nidentifiant: T-102\nauteur: X\n\n# T\n", Error(1, "n’est jamais fermé")),
    "sans-entete": ("# Titre seul\n\nTexte.\n", Error(1, "n’a pas d’en-tête YAML")),
    "fichier-vide": ("", Error(1, "n’a pas d’en-tête YAML")),
    "auteur-manquant": ("---\nidentifiant: T-105\n---\n\n# T\n", Error(1, "champ obligatoire manquant : « auteur »")),
    "auteur-liste": ("---\nidentifiant: T-106\nauteur: [A, B]\n---\n\n# T\n", Error(3, "champ « auteur »")),
    "identifiant-nombre": ("---\nidentifiant: 12\nauteur: X\n---\n\n# T\n", Error(2, "champ « identifiant »")),
    "date-format": (head(108, "date: 31/12/2014\n"), Error(4, "« 31/12/2014 » n’est pas une date valide")),
    "date-impossible": (head(109, "date: 2014-02-30\n"), Error(4, "« 2014-02-30 » n’est pas une date valide")),
    "theme-inconnu": (head(110, "themes: [relations clients]\n"), Error(4, "thème inconnu : « relations clients »")),
    "champ-inconnu": (head(111, "organsation: X\n"), Error(4, "vouliez-vous dire « organisation »")),
    "champ-double": (head(112, "auteur: Y\n"), Error(4, "le champ « auteur » apparaît deux fois")),
    "source-invalide": (head(113, "source: quelque part\n"), Error(4, "champ « source »")),
    "seulement-entete": ("---\nidentifiant: T-114\nauteur: X\n---\n", Error(5, "n’a pas de titre")),
    "identifiant-double-a": (head(115), Correct("Témoignage hostile")),
    "identifiant-double-b": (head(115), Error(2, "l’identifiant T-115 est déjà celui de")),
    "ancienne-adresse-existante": (head(116, "anciennes_adresses: [temoignages/titre-seul]\n"),
                                   Error(4, "est une page existante")),
    # --- theses and glossary ------------------------------------------------------
    "these-0": (head(120) + "La {these}`0`.\n", Error(8, "numéro de thèse invalide : « 0 »")),
    "these-96": (head(121) + "La {these}`96`.\n", Error(8, "numéro de thèse invalide : « 96 »")),
    "these-negative": (head(122) + "La {these}`-1`.\n", Error(8, "numéro de thèse invalide : « -1 »")),
    "these-22a": (head(123) + "La {these}`22a`.\n", Error(8, "numéro de thèse invalide : « 22a »")),
    "these-en-lettres": (head(124) + "La {these}`vingt-deux`.\n", Error(8, "« vingt-deux »")),
    "these-vide": (head(125) + "La {these}` `.\n", Error(8, "numéro de thèse invalide")),
    "these-exposant": (head(126) + "La {these}`²²`.\n", Error(8, "numéro de thèse invalide : « ²² »")),
    "terme-inconnu": (head(127) + "Un {term}`blockchain`.\n", Error(8, "terme absent du glossaire : « blockchain »")),
    # --- structure and references --------------------------------------------------
    "directive-inconnue": (head(130) + "```{nimportequoi}\ncontenu\n```\n", Error(8, "Unknown directive type")),
    "image-manquante": (head(131) + "![Une image](absente.png)\n", Error(8, "absente.png")),
    "document-inexistant": (head(132) + "Voir {doc}`page-inexistante`.\n", Error(8, "page-inexistante")),
    "etiquette-inexistante": (head(133) + "Voir {ref}`etiquette-absente`.\n", Error(8, "etiquette-absente")),
    "utf8-invalide": (head(134).encode() + b"Octets \xff\xfe invalides.\n", Error(8, "octets invalides en UTF-8")),
    # --- hostile content -------------------------------------------------------------
    "html-script": (head(140) + "<script>alert(1)</script>\n", Error(8, "HTML brut interdit")),
    "html-onerror": (head(141) + "Texte <img src=x onerror=alert(2)> ici.\n", Error(8, "HTML brut interdit")),
    "directive-raw": (head(142) + "```{raw} html\n<b>gras</b>\n```\n", Error(8, "la directive « raw » est interdite")),
    "include-hors-depot": (head(143) + "```{include} ../../../../../../etc/hostname\n```\n", Error(8, "est hors du dépôt")),
    "literalinclude-hors-depot": (head(144) + "```{literalinclude} ../../../../../../etc/hostname\n```\n",
                                  Error(8, "est hors du dépôt")),
    "image-hors-depot": (head(145) + "![x](../../../../../../etc/hostname)\n", Error(8, "est hors du dépôt")),
    "option-file": (head(146) + "```{csv-table}\n:file: /etc/hostname\n```\n", Error(9, "les options :file: et :url:")),
    # --- correct, and must come out right ---------------------------------------------
    "titre-seul": (head(150, title="Un titre et rien d’autre"), Correct("Un titre et rien d’autre")),
    "bom": ("\ufeff" + head(151) + "Texte après une marque d’ordre des octets.\n",
            Correct("Texte après une marque d’ordre des octets.")),
    "crlf": ((head(152) + "Ligne Windows une.\n\nLigne Windows deux.\n").replace("\n", "\r\n"),
             Correct("Ligne Windows une.", "Ligne Windows deux.")),
    "deux-megaoctets": (head(153) + BIG, Correct("Paragraphe synthétique numéro 0,", "Paragraphe synthétique numéro 26999,")),
    "mot-de-500": (head(154) + "Un mot : " + "anticonstitutionnellement" * 20 + " fin.\n",
                   Correct("anticonstitutionnellement" * 20)),
    "latex-titre": (head(155, title=r"Titre \ { } $ & # ^ _ ~ %"), Correct(r"Titre \ { } $ & # ^ _ ~ %")),
    "latex-auteur": (head(156, 'organisation: "Dupont & Fils_{1} 100 % #1"\n') + LATEX + "\n",
                     Correct(LATEX, "Dupont & Fils_{1} 100 % #1")),
    "latex-commandes": (head(157) + r"Ni \write18{touch /tmp/x} ni \input{/etc/passwd} ne s’exécutent." + "\n",
                        Correct(r"\write18{touch /tmp/x}", r"\input{/etc/passwd}")),
    "typographie": (head(158) + "« Guillemets », “anglais”, ‘simples’… l’apostrophe, la ﬁn, 10\u00a0% et\u202f; "
                    "un espace\u200bde largeur nulle.\n",
                    Correct("« Guillemets », “anglais”, ‘simples’… l’apostrophe", "10\u00a0%")),
    "emoji": (head(159) + "Un sourire 😀, une fusée 🚀 et des étincelles ✨.\n", Correct("😀", "🚀", "✨")),
    "hebreu": (head(160) + "Une phrase en hébreu : שלום עולם.\n", Correct("שלום", "עולם")),
    "arabe": (head(161) + "Une phrase en arabe : مرحبا بالعالم.\n", Correct("Une phrase en arabe")),
    "listes-imbriquees": (head(162) + "".join("  " * depth + f"- niveau {depth + 1}\n" for depth in range(8)),
                          Correct("niveau 1", "niveau 8")),
    "citations-imbriquees": (head(163) + "".join(">" * depth + f" citation {depth}\n>" + ">" * depth + "\n"
                                                 for depth in range(1, 7)), Correct("citation 1", "citation 6")),
    "lien-javascript": (head(164) + "Un [lien](javascript:alert(1)) refusé.\n", Correct("lien")),
    "url-longue": (head(165) + "Voir https://example.org/" + "chemin-tres-long/" * 20 + " ici et "
                   "[un lien](https://example.org/" + "x" * 60 + ").\n", Correct("chemin-tres-long", "un lien")),
    "code-en-ligne": (head(166) + "Du code : `\\input{x} & $y$`.\n", Correct(r"\input{x} & $y$")),
    "tableau": (head(167) + "| Colonne & | Autre % |\n|---|---|\n| a_b | c#d |\n", Correct("Colonne &", "c#d")),
    "capitales": (head(168) + "ÉCOLE ÀÇÉÈÊËÎÏÔÛÙÜŸ ŒUVRE ÆTHER.\n", Correct("ÉCOLE ÀÇÉÈÊËÎÏÔÛÙÜŸ ŒUVRE ÆTHER.")),
    "note-de-bas-de-page": (head(169) + "Une affirmation[^1].\n\n[^1]: La note de bas de page.\n",
                            Correct("Une affirmation", "La note de bas de page.")),
    # The marks the LaTeX writer cuts the book at (kbtools/build/texpieces.py), in a code
    # sample: text, not a cut; what follows the sample reaches the PDF. (Pygments writes
    # « % » as \PYGZpc{}; the cut also skips verbatim text: test_texpieces.py.)
    "marque-de-morceau": (head(170) + "```text\n%% kb-morceau: temoignages/forge\n%% kb-fin-morceau\n"
                          "\\end{document}\n```\n\nLe texte après l’exemple de code.\n",
                          Correct("%% kb-morceau: temoignages/forge", "Le texte après l’exemple de code.")),
}


# --- resources: inputs aimed at time, memory and the PDF edition (issue 17) --------------------------
# Each case is a set of files (paths under the source folder) and symbolic links. Its Error names the
# file when it is not temoignages/<case>.md; ``line=None`` for a message about a path (a folder, a link).


@dataclass(frozen=True)
class Files:
    files: dict[str, bytes | str]
    links: tuple[tuple[str, str], ...] = ()  # (link, target), the target as written in the link


@dataclass(frozen=True)
class ErrorAt:
    path: str
    line: int | None
    text: str


@dataclass(frozen=True)
class CorrectAt:
    """The build succeeds; every text reaches the HTML page *page* (``temoignages/x``) and the PDF."""

    page: str
    texts: tuple[str, ...]


def alias_bomb() -> str:
    """The « billion laughs » of the issue: nine anchors, each a list of nine aliases of the previous one."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return head(201, "\n".join(lines) + "\nresume: *a8\n")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims *width* × *height* (8-bit grey), with a tiny, truncated IDAT:
    written by hand, so that nothing decodes its pixels to make it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4)  # four rows of the 50,000
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


SECRET = "/etc/passwd"  # what a hostile SVG tries to read; its first line must never reach an output
SVG_ENTITY = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
              '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="5" y="20">&x;</text></svg>\n')
SVG_FILE_IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
                  '<image href="file:///etc/passwd" width="300" height="40"/></svg>\n')
SVG_XLINK_IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" '
                   'height="40"><image xlink:href="http://127.0.0.1:9/x.png" width="300" height="40"/></svg>\n')
SVG_SCHEMA = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60">'
              '<rect x="5" y="5" width="80" height="50" fill="#2a6"/><text x="95" y="35">Schéma</text></svg>\n')
LONG_LINE = " ".join(f"Phrase synthétique numéro {i} d’un paragraphe sans retour à la ligne." for i in range(32000))


def one_file(name: str, text: str) -> Files:
    return Files({f"temoignages/{name}.md": text})


RESOURCE_CASES: dict[str, tuple[Files, ErrorAt | CorrectAt]] = {
    "bombe-alias": (one_file("bombe-alias", alias_bomb()),
                    ErrorAt("temoignages/bombe-alias.md", 4, "ancre YAML « &a0 » refusée")),
    "citations-100000": (one_file("citations-100000", head(202) + "".join(
        " ".join(f"La {{these}}`{(i * 100 + j) % 95 + 1}` compte." for j in range(100)) + "\n\n" for i in range(1000))),
        ErrorAt("temoignages/citations-100000.md", 28, "trop de citations dans ce témoignage")),
    "citations-1000": (one_file("citations-1000", head(220) + "".join(
        " ".join(f"La {{these}}`{(i * 100 + j) % 95 + 1}` compte." for j in range(100)) + "\n\n" for i in range(10))),
        CorrectAt("temoignages/citations-1000", ("La thèse 1 compte.", "La thèse 50 compte."))),
    "tableau-10000-lignes": (one_file("tableau-10000-lignes", head(203) + "| Numéro | Valeur |\n|---|---|\n" + "".join(
        f"| ligne {i} | valeur {i} |\n" for i in range(10000))),
        CorrectAt("temoignages/tableau-10000-lignes", ("ligne 0", "valeur 9999"))),
    "titres-5000": (one_file("titres-5000", head(204) + "".join(f"## Partie {i}\n\nTexte {i}.\n\n" for i in range(5000))),
                    CorrectAt("temoignages/titres-5000", ("Partie 0", "Texte 4999."))),
    "notes-10000": (one_file("notes-10000", head(205) + "".join(f"Affirmation {i}[^n{i}].\n\n" for i in range(10000))
                             + "".join(f"[^n{i}]: Note {i}.\n" for i in range(10000))),
                    CorrectAt("temoignages/notes-10000", ("Affirmation 0", "Note 9999."))),
    "url-100-ko": (one_file("url-100-ko", head(206) + "Un [lien démesuré](https://example.org/" + "x" * 100_000 + ").\n"),
                   ErrorAt("temoignages/url-100-ko.md", 8, "adresse de lien trop longue")),
    "url-100-ko-texte": (one_file("url-100-ko-texte", head(207) + "Une adresse https://example.org/" + "y" * 100_000 + " en texte.\n"),
                         # It spans pages in the PDF, whose running heads come between its parts.
                         CorrectAt("temoignages/url-100-ko-texte", ("Une adresse https://example.org/" + "y" * 200,
                                                                    "y" * 200 + " en texte."))),
    "paragraphe-2-mo": (one_file("paragraphe-2-mo", head(208) + LONG_LINE + "\n"),
                        CorrectAt("temoignages/paragraphe-2-mo", ("Phrase synthétique numéro 0 ", "numéro 31999 d’un"))),
    "png-50000": (Files({"temoignages/png-50000.md": head(209) + "![Une image immense](img/immense.png)\n",
                         "temoignages/img/immense.png": png_header_only(50_000, 50_000)}),
                  ErrorAt("temoignages/png-50000.md", 8, "trop grande")),
    "svg-entite": (Files({"temoignages/svg-entite.md": head(210) + "![Un schéma](img/entite.svg)\n",
                          "temoignages/img/entite.svg": SVG_ENTITY}),
                   ErrorAt("temoignages/svg-entite.md", 8, "SVG")),
    "svg-image-fichier": (Files({"temoignages/svg-image-fichier.md": head(211) + "![Un schéma](img/fichier.svg)\n\n"
                                 "![Un autre](img/xlink.svg)\n",
                                 "temoignages/img/fichier.svg": SVG_FILE_IMAGE, "temoignages/img/xlink.svg": SVG_XLINK_IMAGE}),
                          ErrorAt("temoignages/svg-image-fichier.md", 8, "SVG")),
    "svg-schema": (Files({"temoignages/svg-schema.md": head(212) + "Avant le schéma.\n\n![Un schéma](img/schema.svg)\n\n"
                          "Après le schéma.\n", "temoignages/img/schema.svg": SVG_SCHEMA}),
                   CorrectAt("temoignages/svg-schema", ("Avant le schéma.", "Après le schéma."))),
    "image-pas-png": (Files({"temoignages/image-pas-png.md": head(213) + "![Une image](img/faux.png)\n",
                             "temoignages/img/faux.png": "Ceci n’est pas une image.\n"}),
                      ErrorAt("temoignages/image-pas-png.md", 8, "n’est pas une image PNG")),
    "boucle-de-liens": (Files({"temoignages/boucle-de-liens.md": head(214) + "Un dossier qui se contient lui-même.\n"},
                              links=(("temoignages/boucle", "."),)),
                        ErrorAt("temoignages/boucle", None, "boucle")),
    "noms-de-fichiers": (Files({"temoignages/Mon Témoignage Été.md": head(215, title="Espaces, accents, capitales")
                                + "Un nom de fichier comme les aime Windows.\n"}),
                         CorrectAt("temoignages/Mon Témoignage Été", ("Un nom de fichier comme les aime Windows.",))),
    "sous-dossier": (Files({"temoignages/2024/sous-dossier.md": head(216, title="Dans un sous-dossier")
                            + "Un témoignage rangé dans un dossier.\n"}),
                     CorrectAt("temoignages/2024/sous-dossier", ("Un témoignage rangé dans un dossier.",))),
    "citations-20-niveaux": (one_file("citations-20-niveaux", head(221) + "Avant.\n\n" + "".join(
        ">" * depth + f" citation {depth}\n>" + ">" * depth + "\n" for depth in range(1, 21)) + "\nAprès.\n"),
        ErrorAt("temoignages/citations-20-niveaux.md", 29, "trop de niveaux imbriqués")),
    "meme-titre": (Files({"temoignages/meme-titre-a.md": head(217, title="Un titre en double") + "Premier des deux.\n",
                          "temoignages/meme-titre-b.md": head(218, title="Un titre en double") + "Second des deux.\n"}),
                   CorrectAt("temoignages/meme-titre-b", ("Un titre en double", "Second des deux."))),
}


def raster(kind: str) -> bytes:
    """A small picture (a gradient and a bar) in Pillow's format *kind*: PNG, JPEG, GIF, WEBP."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (120, 60), "white")
    draw = ImageDraw.Draw(picture)
    for x in range(120):
        draw.line([(x, 0), (x, 40)], fill=(2 * x, 100, 255 - 2 * x))
    draw.rectangle([10, 45, 110, 55], fill=(20, 20, 20))
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


def images_case() -> Files:
    formats = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}
    body = "".join(f"Image {suffix} :\n\n![Une image {suffix}](img/formats.{suffix})\n\n" for suffix in [*formats, "svg"])
    files: dict[str, bytes | str] = {f"temoignages/img/formats.{suffix}": raster(kind) for suffix, kind in formats.items()}
    files["temoignages/img/formats.svg"] = SVG_SCHEMA
    files["temoignages/images-formats.md"] = head(219) + body + "Fin des images.\n"
    return Files(files)


RESOURCE_CASES["images-formats"] = (images_case(), CorrectAt("temoignages/images-formats", ("Image png", "Fin des images.")))
