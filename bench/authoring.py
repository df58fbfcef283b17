"""``python -m bench.authoring``: how long an author waits for ``python -m kb import``.

Generated sources (never published; a temporary knowledge base receives the
pages): a typical testimonial of about 1,000 words in each format (Word,
OpenDocument, web page, e-mail, Markdown, text) and a 100-page Word file of
about 40,000 words (headings, emphasis, lists, a table per page). Each is
imported by the command an author runs (a new Python process each time,
start-up included), ``--repeat`` times; the median is printed. Target: a
typical testimonial in 2 s at most on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0  # seconds, a typical testimonial
WORDS = ("entreprise client relation digital transformation équipe projet marché valeur confiance service "
         "réseau écoute changement organisation culture outil donnée expérience usage partenaire stratégie "
         "métier produit innovation collaborateur direction décision temps année réussite difficulté").split()
LINKS = ("le", "la", "les", "des", "un", "une", "notre", "leur", "avec", "pour", "dans", "sans", "et", "mais")
AUTHOR_LINE = "Par Camille MARTIN – Directrice de la relation client – Mutuelle des Exemples"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) if i % 2 else rng.choice(LINKS) for i in range(rng.randint(10, 22))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "…", "\u00a0!", "\u00a0?"])


def paragraph(rng: random.Random, words: int = 80) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng))
    return " ".join(out)


def typical(rng: random.Random) -> tuple[str, list[str]]:
    """A title and about 1,000 words in 12 paragraphs."""
    return "Écouter les clients, et c’est tant mieux\u00a0!", [paragraph(rng) for _ in range(12)]


def write_docx(path: Path, title: str, paragraphs: list[str], *, pages: int = 0) -> int:
    """Write a Word file; return its number of words."""
    import docx

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(AUTHOR_LINE)
    rng = random.Random(7)
    texts = [title, AUTHOR_LINE, *paragraphs]
    for text in paragraphs:
        document.add_paragraph(text)
    for page in range(pages):
        texts.append(f"Partie {page + 1}")
        document.add_heading(texts[-1], level=2)
        for _ in range(4):
            texts += [paragraph(rng, 70), sentence(rng)]
            document.add_paragraph(texts[-2]).add_run(" " + texts[-1]).italic = True
        for _ in range(3):
            texts.append(sentence(rng))
            document.add_paragraph(texts[-1], style="List Bullet")
        table = document.add_table(rows=2, cols=2)
        for r in range(2):
            for c in range(2):
                texts.append(rng.choice(WORDS))
                table.cell(r, c).text = texts[-1]
        document.add_page_break()
    document.save(path)
    return sum(len(t.split()) for t in texts)


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{html.escape(title)} – Le blog</title>"
            f"<link rel='canonical' href='https://blog.exemple.fr/ecouter'><script>var x = 1;</script></head><body>"
            f"<header class='site-header'><nav><a href='/'>Accueil</a> <a href='/blog'>Blog</a></nav></header>"
            f"<main><article><h1>{html.escape(title)}</h1><p>{html.escape(AUTHOR_LINE)}</p>{body}"
            f"<div class='share'><a href='https://twitter.com/intent/tweet'>Tweeter</a></div></article>"
            f"<aside class='sidebar'><h2>Articles récents</h2><ul><li><a href='/a'>Un autre</a></li></ul></aside>"
            f"</main><footer><p>Mentions légales</p></footer></body></html>")


def sources(folder: Path) -> dict[str, tuple[Path, int]]:
    """label -> (file, number of words of its text)."""
    import email.message
    import email.policy

    import pypandoc

    rng = random.Random(1)
    title, paragraphs = typical(rng)
    words = sum(len(t.split()) for t in [title, AUTHOR_LINE, *paragraphs])
    made: dict[str, tuple[Path, int]] = {}
    write_docx(folder / "typique.docx", title, paragraphs)
    made["Word"] = (folder / "typique.docx", words)
    pypandoc.convert_text(f"<h1>{html.escape(title)}</h1><p>{AUTHOR_LINE}</p>"
                          + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs), "odt", format="html",
                          outputfile=str(folder / "typique.odt"))
    made["OpenDocument"] = (folder / "typique.odt", words)
    (folder / "typique.html").write_text(html_page(title, paragraphs), encoding="utf-8")
    made["page web"] = (folder / "typique.html", words)
    message = email.message.EmailMessage()
    message["From"], message["Subject"] = "camille@exemple.fr", title
    message.set_content("\n\n".join([AUTHOR_LINE, *paragraphs]))
    (folder / "typique.eml").write_bytes(message.as_bytes(policy=email.policy.default.clone(max_line_length=None)))
    made["e-mail"] = (folder / "typique.eml", words)
    (folder / "typique.md").write_text("\n\n".join([f"# {title}", AUTHOR_LINE, *paragraphs]), encoding="utf-8")
    made["Markdown"] = (folder / "typique.md", words)
    (folder / "typique.txt").write_text("\n\n".join([title, AUTHOR_LINE, *paragraphs]), encoding="utf-8")
    made["texte"] = (folder / "typique.txt", words)
    made["Word de 100 pages"] = (folder / "long.docx",
                                 write_docx(folder / "long.docx", "Un long rapport, page après page", [], pages=100))
    return made


def measure(base: Path, source: Path, repeat: int) -> list[float]:
    times = []
    for run in range(repeat):
        slug = f"mesure-{source.stem}-{source.suffix[1:]}-{run}"
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "kb", "--source", str(base), "import", str(source),
                                 "--slug", slug], cwd=ROOT, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"échec de l’import de {source.name} : {result.stderr.strip()}")
        times.append(elapsed)
        page = Path(result.stdout.splitlines()[-1])
        page.unlink()
        shutil.rmtree(page.with_suffix(""), ignore_errors=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.authoring", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="imports per source (médiane)")
    parser.add_argument("--output", type=Path, help="écrire aussi les mesures en JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-bench-authoring-") as temporary:
        folder = Path(temporary)
        base = folder / "base"
        base.mkdir()
        shutil.copyfile(ROOT / "conf.py", base / "conf.py")
        shutil.copytree(ROOT / "temoignages", base / "temoignages")
        made = sources(folder)
        rows = []
        print(f"{'source':20} {'mots':>7} {'taille':>9} {'médiane':>9}   mesures (s)")
        for label, (path, words) in made.items():
            times = measure(base, path, args.repeat)
            median = statistics.median(times)
            rows.append({"source": label, "mots": words, "octets": path.stat().st_size,
                         "mediane_s": round(median, 3), "mesures_s": [round(t, 3) for t in times]})
            print(f"{label:20} {words:>7} {path.stat().st_size / 1024:>7.0f} Ko {median:>8.2f} s   "
                  + " ".join(f"{t:.2f}" for t in times), flush=True)
    typical_worst = max(r["mediane_s"] for r in rows if r["source"] != "Word de 100 pages")
    verdict = "atteint" if typical_worst <= TARGET else "manqué"
    print(f"Témoignage typique : {typical_worst:.2f} s au pire (objectif {TARGET:.0f} s : {verdict}).")
    if args.output:
        args.output.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
