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
}
