"""Synthetic testimonials for tests and benchmarks: clearly synthetic, never published.

``generate(dest, n)`` lays out a complete site in *dest* (a temporary
folder): the real configuration, theses, glossary and pages, plus *n*
generated testimonials. With ``engine=False`` the same pages are written for
plain Sphinx + MyST: the citations become plain text and the project's
extension is left out, so the two builds differ only by the engine.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from kb.core.config import PDF_BASENAME, PDF_FILENAME

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ["conf.py", "index.md", "glossaire.md", "carte.md", "contribuer.md", "auteurs.md"]
SITE_DIRS = ["manifeste", "_static", "_themes", "kb", "locale", "exemples"]

TERMS = ["Agilité", "Bouche-à-oreille", "Client", "Connaissance client", "Conversation", "Disruption",
         "Écosystème", "Expérience client", "Expérience utilisateur", "Hiérarchie", "Hyperlien",
         "Intranet", "Marché", "Marketing", "Modèle économique", "Portefeuille clients",
         "Relation client", "Réseaux sociaux", "Révolution digitale", "Start-up",
         "Transformation digitale", "Voix humaine"]
THEMES = ["culture d’entreprise", "disruption", "écosystème", "expérience client", "relation client",
          "réseaux sociaux", "révolution digitale"]
SUBJECTS = ["notre équipe", "la direction", "le service client", "chaque agence", "le réseau commercial",
            "la filiale", "notre comité", "le groupe de travail", "l’atelier d’innovation", "le siège"]
VERBS = ["a revu", "a simplifié", "a remis en question", "a documenté", "a partagé", "a mesuré",
         "a transformé", "a ouvert", "a expérimenté", "a accompagné"]
OBJECTS = ["ses processus internes", "la relation avec les assurés", "les outils collaboratifs",
           "la manière de décider", "les parcours en ligne", "le suivi des réclamations",
           "la formation des conseillers", "les échanges avec les partenaires", "la gestion des contrats",
           "les indicateurs de satisfaction"]
ENDINGS = ["en quelques mois", "sans bruit", "avec prudence", "au fil des retours", "pas à pas",
           "avec les clients eux-mêmes", "malgré les habitudes", "à partir du terrain", "dès la première année",
           "sous le regard des équipes"]


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", " !", " ?"]).replace(" ", "\u202f")


def paragraph(rng: random.Random, sentences: int = 6) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def testimonial(index: int, engine: bool, seed: int = 0) -> str:
    """One synthetic testimonial of about 800 words, 5 thesis and 5 term citations."""
    rng = random.Random(seed * 100003 + index)
    theses = rng.sample(range(1, 96), 5)
    terms = rng.sample(TERMS, 5)

    def these(number: int) -> str:
        return f"{{these}}`{number}`" if engine else f"thèse {number}"

    def term(name: str) -> str:
        return f"{{term}}`{name.lower()} <{name}>`" if engine else name.lower()

    year, month, day = 2012 + index % 12, 1 + index % 12, 1 + index % 28
    parts = [
        "---",
        f"identifiant: T-{index:05d}",
        f"auteur: Personne synthétique {index}",
        "role: Fonction fictive",
        f"organisation: Organisation fictive {index % 37}",
        f"date: {year}-{month:02d}-{day:02d}",
        f"themes: [{', '.join(rng.sample(THEMES, 2))}]",
        "---",
        "",
        f"# Témoignage synthétique n° {index} : {rng.choice(OBJECTS)}",
        "",
        "Texte synthétique généré pour les tests et les mesures ; il n’est pas publié.",
        "",
    ]
    for section in range(3):
        parts += [f"## Étape {section + 1} : {rng.choice(OBJECTS)}", ""]
        parts += [f"{paragraph(rng)} Comme le dit la {these(theses[section])}, "
                  f"{term(terms[section])} compte. {paragraph(rng, 4)}", ""]
        parts += [paragraph(rng, 8), ""]
    parts += [f"> {sentence(rng)} La {these(theses[3])} le rappelle.", ""]
    parts += [f"- {sentence(rng)}", f"- {term(terms[3])} : {sentence(rng)}", f"- {sentence(rng)}", ""]
    parts += [f"{paragraph(rng, 5)} Enfin la {these(theses[4])} et {term(terms[4])}.", ""]
    return "\n".join(parts)


def _plain_theses(text: str) -> str:
    """The theses page for plain Sphinx: the same text, without the directive."""
    pattern = re.compile(r":::\{these\} (\d+)\n:titre: ([^\n]*)\n(.*?)\n:::", re.S)
    return pattern.sub(lambda m: f"({'these-' + m.group(1)})=\n**Thèse {m.group(1)} — {m.group(2)}**\n\n"
                       f"{m.group(3)}\n", text)


def generate(dest: Path, n: int, *, engine: bool = True, seed: int = 0) -> Path:
    """Write a complete synthetic site with *n* testimonials into *dest*."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copyfile(ROOT / name, dest / name)
    for name in SITE_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    folder = dest / "temoignages"
    folder.mkdir()
    shutil.copyfile(ROOT / "temoignages" / "index.md", folder / "index.md")
    for index in range(1, n + 1):
        (folder / f"synthetique-{index:05d}.md").write_text(testimonial(index, engine, seed), encoding="utf-8")
    if not engine:
        _make_plain(dest)
    return dest


def _make_plain(dest: Path) -> None:
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('extensions = ["kb"]', 'extensions = ["myst_parser", "sphinx_design"]')
    # The extension is not there: its names are written out, and the theme is Furo itself.
    conf = conf.replace("from kb.core.config import PDF_BASENAME, PDF_FILENAME",
                        f"PDF_BASENAME, PDF_FILENAME = {PDF_BASENAME!r}, {PDF_FILENAME!r}")
    conf += "\nhtml_sidebars = {}  # Furo's own sidebars: plain Sphinx\n"
    conf += 'html_theme = "furo"\nhtml_theme_path = []\n'
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    theses = dest / "manifeste" / "theses.md"
    theses.write_text(_plain_theses(theses.read_text(encoding="utf-8")), encoding="utf-8")
    for page, directive in [("index.md", "temoignages"), ("temoignages/index.md", "temoignages"),
                            ("temoignages/index.md", "kb-facettes"), ("carte.md", "kb-carte"),
                            ("contribuer.md", "kb-schema"), ("auteurs.md", "kb-auteurs")]:
        path = dest / page
        # The directive and its options (« :limite: 6 »): plain Sphinx would warn about them.
        path.write_text(re.sub(rf"```\{{{directive}\}}\n(?::[^\n]*\n)*```\n", "", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    contribuer = dest / "contribuer.md"
    contribuer.write_text(re.sub(r"``\{(these|term)\}`[^`]*` ``", "…", contribuer.read_text(encoding="utf-8")),
                          encoding="utf-8")
    shutil.rmtree(dest / "kb")
