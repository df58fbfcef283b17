"""``python -m bench [--sizes 100,1000,3000] [--repeat 3]``: measure the knowledge base.

For each size N it generates N synthetic testimonials twice, with the engine
(the ``kb`` extension) and without it (plain Sphinx + MyST + Furo, citations
as plain text), and measures both in the same run, alternating them, so that
each figure can be read as a ratio. Prints a table and writes ``bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate, testimonial

HERE = Path(__file__).resolve().parent
VARIANTS = ("engine", "plain")


def sphinx(src: Path, out: Path, builder: str, jobs: str, *, fresh: bool, engine: bool) -> dict:
    extensions = "kb,bench.probe" if engine else "myst_parser,sphinx_design,bench.probe"
    command = [sys.executable, str(HERE / "runner.py"), "-b", builder, "-q", "-j", jobs,
               "-d", str(out / "doctrees"), "-D", f"extensions={extensions}", str(src), str(out / builder)]
    if fresh:
        command.insert(2, "-E")
    env = {**os.environ, "PYTHONPATH": f"{HERE.parent}:{src}"}
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"build failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    probe = re.search(r"PROBE read=(\d+) written=(\d+)", result.stdout)
    peak = re.search(r"PEAK_KIB=(\d+)", result.stdout)
    return {"seconds": seconds, "read": int(probe[1]) if probe else None,
            "written": int(probe[2]) if probe else None, "peak_mib": int(peak[1]) / 1024 if peak else None}


def pdf(src: Path, out: Path, engine: bool) -> dict:
    latex = sphinx(src, out, "latex", "1", fresh=True, engine=engine)
    start = time.perf_counter()
    subprocess.run(["make", "-C", str(out / "latex"), "all-pdf",
                    "LATEXMKOPTS=-silent -interaction=nonstopmode -no-shell-escape"],
                   capture_output=True, check=False)
    return {"seconds": latex["seconds"] + time.perf_counter() - start, "peak_mib": latex["peak_mib"]}


def sizes(out: Path) -> dict:
    html = out / "html"
    pages = list(html.rglob("*.html"))
    index = html / "searchindex.js"
    return {
        "html_mib": sum(p.stat().st_size for p in html.rglob("*") if p.is_file()) / 2**20,
        "largest_page_kib": max(p.stat().st_size for p in pages) / 1024,
        "search_index_kib": index.stat().st_size / 1024 if index.exists() else 0,
    }


def edits(src: Path, n: int, engine: bool) -> dict:
    """The five one-page edits of the benchmark, as functions on the source tree."""
    folder = src / "temoignages"
    target = folder / "synthetique-00001.md"

    def edit_body() -> None:
        target.write_text(target.read_text(encoding="utf-8").replace(
            "Texte synthétique généré", "Texte synthétique (modifié) généré"), encoding="utf-8")

    def edit_citation() -> None:
        text = target.read_text(encoding="utf-8")
        found = re.search(r"\{these\}`(\d+)`" if engine else r"thèse (\d+)", text)
        number = int(found[1]) % 95 + 1
        replacement = f"{{these}}`{number}`" if engine else f"thèse {number}"
        target.write_text(text[:found.start()] + replacement + text[found.end():], encoding="utf-8")

    def edit_title() -> None:
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"^# .*$", "# Titre synthétique modifié", text, count=1, flags=re.M),
                          encoding="utf-8")

    def add() -> None:
        (folder / f"synthetique-{n + 1:05d}.md").write_text(testimonial(n + 1, engine), encoding="utf-8")

    def delete() -> None:
        (folder / "synthetique-00002.md").unlink()

    return {"edit body": edit_body, "edit citation": edit_citation, "edit title": edit_title,
            "add one": add, "delete one": delete}


def measure(n: int, repeat: int, work: Path, with_pdf: bool) -> dict:
    """All figures for size *n*; « written » counts pages only with -j 1 (workers are forked)."""
    results: dict = {v: {} for v in VARIANTS}
    sources = {v: generate(work / f"src-{v}-{n}", n, engine=(v == "engine")) for v in VARIANTS}

    def record(variant: str, key: str, value: dict) -> None:
        results[variant].setdefault(key, []).append(value)

    for _ in range(repeat):
        for jobs in ("1", "auto"):
            for variant in VARIANTS:  # alternate the two variants
                out = work / f"out-{variant}-{n}-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                record(variant, f"full -j {jobs}", sphinx(sources[variant], out, "html", jobs,
                                                        fresh=True, engine=variant == "engine"))
    for variant in VARIANTS:
        results[variant]["sizes"] = sizes(work / f"out-{variant}-{n}-1")
    if with_pdf:
        for _ in range(repeat):
            for variant in VARIANTS:
                record(variant, "pdf", pdf(sources[variant], work / f"pdf-{variant}-{n}", variant == "engine"))
    # One-page edits on a fresh copy (they change the sources), serial builds.
    for variant in VARIANTS:
        src = generate(work / f"edit-{variant}-{n}", n, engine=variant == "engine")
        out = work / f"out-edit-{variant}-{n}"
        shutil.rmtree(out, ignore_errors=True)
        sphinx(src, out, "html", "1", fresh=True, engine=variant == "engine")
        record(variant, "no change", sphinx(src, out, "html", "1", fresh=False, engine=variant == "engine"))
        for name, edit in edits(src, n, variant == "engine").items():
            edit()
            record(variant, name, sphinx(src, out, "html", "1", fresh=False, engine=variant == "engine"))
    return results


def summarise(results: dict) -> dict:
    table = {}
    for variant, figures in results.items():
        table[variant] = {}
        for key, runs in figures.items():
            if key == "sizes":
                table[variant][key] = runs
                continue
            table[variant][key] = {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "read": runs[-1].get("read"), "written": runs[-1].get("written"),
                "peak_mib": max((r["peak_mib"] or 0) for r in runs),
            }
    return table


def print_table(n: int, table: dict) -> None:
    engine, plain = table["engine"], table["plain"]
    print(f"\nN = {n}")
    print(f"{'measure':<16}{'engine s':>10}{'plain s':>10}{'ratio':>8}{'read':>7}{'written':>9}"
          f"{'plain w.':>9}{'peak MiB':>10}")
    for key, figure in engine.items():
        if key == "sizes":
            continue
        other = plain.get(key, {})
        ratio = figure["seconds"] / other["seconds"] if other.get("seconds") else float("nan")
        print(f"{key:<16}{figure['seconds']:>10.2f}{other.get('seconds', float('nan')):>10.2f}{ratio:>8.2f}"
              f"{figure['read'] if figure['read'] is not None else '':>7}"
              f"{figure['written'] if figure['written'] is not None else '':>9}"
              f"{other.get('written') if other.get('written') is not None else '':>9}{figure['peak_mib']:>10.0f}")
    for variant in ("engine", "plain"):
        s = table[variant]["sizes"]
        print(f"{variant} output: {s['html_mib']:.1f} MiB, largest page {s['largest_page_kib']:.0f} KiB, "
              f"search index {s['search_index_kib']:.0f} KiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--output", type=Path, default=Path("bench.json"))
    args = parser.parse_args(argv)
    report = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            table = summarise(measure(n, args.repeat, Path(tmp), not args.no_pdf))
            print_table(n, table)
            report[n] = table
    args.output.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {args.output}")
    return 0
