"""``python -m bench [--sizes 100,1000,3000] [--repeat 3]``: measure the knowledge base.

For each size N it generates N synthetic testimonials twice, with the engine
(the ``kb`` extension) and without it (plain Sphinx + MyST + Furo, citations
as plain text), and measures both in the same run, alternating them, so that
each figure can be read as a ratio. Prints a table and writes ``bench.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import run
from bench.mkdocs import build_mkdocs, generate_mkdocs, mkdocs_installed
from bench.synthetic import generate, testimonial
from kb.core.config import PDF_BASENAME
from kbtools.build.latex import tex_env
from kbtools.build.xelatex import xelatex_command

HERE = Path(__file__).resolve().parent


EXTENSIONS = {
    "engine": "kb,bench.probe",
    "plain": "myst_parser,sphinx_design,bench.probe",
    "plain+nav": "myst_parser,sphinx_design,bench.plainnav,bench.probe",
}


def sphinx(src: Path, out: Path, builder: str, jobs: str, *, fresh: bool, variant: str,
           doctrees: Path | None = None) -> dict:
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-j", jobs,
               "-d", str(doctrees or out / "doctrees"), "-D", f"extensions={EXTENSIONS[variant]}",
               str(src), str(out / builder)]
    if fresh:
        command.insert(command.index("-b"), "-E")
    env = {**os.environ, "PYTHONPATH": f"{HERE.parent}:{src}"}
    result = run(command, env)
    if result["returncode"] != 0:
        raise RuntimeError(f"build failed: {' '.join(command)}\n{result['stderr'][-2000:]}")
    probe = re.search(r"PROBE read=(\d+) written=(\d+)", result["stdout"])
    return {"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"],
            "read": int(probe[1]) if probe else None, "written": int(probe[2]) if probe else None,
            "peak_mib": result["peak_mib"]}


def xelatex(latex: Path) -> dict:
    """XeLaTeX through the build's driver, as ``make pdf`` runs it; the number of passes it needed."""
    result = run(xelatex_command(latex, PDF_BASENAME), tex_env(dict(os.environ)))
    if result["returncode"] != 0:
        errors = [line for log in latex.glob("*.log") for line in log.read_text(errors="replace").splitlines()
                  if line.startswith("!")]
        raise RuntimeError(f"XeLaTeX failed in {latex}: {errors[:5]}\n{result['stdout'][-1500:]}"
                           f"{result['stderr'][-1500:]}")
    passes = len(re.findall(r"^Passe \d+ de XeLaTeX", result["stdout"], re.M))
    # After an edit, passes over the pieces that changed (kbtools/build/texpieces.py).
    partial = re.findall(r"^Passe partielle de XeLaTeX : (\d+) morceaux? sur", result["stdout"], re.M)
    return {"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"], "passes": passes,
            "partial_passes": len(partial), "pieces_set": sum(int(count) for count in partial),
            "peak_mib": result["peak_mib"]}


def pdf(src: Path, out: Path, variant: str, doctrees: Path | None = None) -> dict:
    """The PDF from the sources (fresh), or after the HTML build when *doctrees* is given
    (the LaTeX builder then reuses the environment the HTML build read). Sphinx
    runs with -j auto, as in ``make``."""
    latex = sphinx(src, out, "latex", "auto", fresh=doctrees is None, variant=variant, doctrees=doctrees)
    tex = xelatex(out / "latex")
    return {"seconds": latex["seconds"] + tex["seconds"], "cpu_seconds": latex["cpu_seconds"] + tex["cpu_seconds"],
            "read": latex["read"], "written": None,
            "peak_mib": max(latex["peak_mib"], tex["peak_mib"]), "sphinx_seconds": latex["seconds"],
            "tex_seconds": tex["seconds"], "passes": tex["passes"], "partial_passes": tex["partial_passes"],
            "pieces_set": tex["pieces_set"], "sphinx_peak_mib": latex["peak_mib"],
            "tex_peak_mib": tex["peak_mib"]}


def sizes(out: Path) -> dict:
    html = out / "html"
    pages = list(html.rglob("*.html"))
    index = html / "searchindex.js"
    return {
        "html_mib": sum(p.stat().st_size for p in html.rglob("*") if p.is_file()) / 2**20,
        "largest_page_kib": max(p.stat().st_size for p in pages) / 1024,
        "largest_page": max(pages, key=lambda p: p.stat().st_size).relative_to(html).as_posix(),
        "search_index_kib": index.stat().st_size / 1024 if index.exists() else 0,
    }


def edits(src: Path, n: int, engine: bool) -> dict:
    """The five one-page edits of the benchmark, as functions on the source tree."""
    folder = src / "temoignages"
    target = folder / "synthetique-00001.md"

    edited = itertools.count(1)

    def edit_body() -> None:  # a different text each time, so that it can be repeated
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"Texte synthétique (\(modifié \d+\) )?généré",
                                 f"Texte synthétique (modifié {next(edited)}) généré", text, count=1),
                          encoding="utf-8")

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


def peer_project(plain_src: Path, dest: Path) -> Path | None:
    """MkDocs Material's project for the plain pages, if it is installed (bench/requirements.txt)."""
    if not mkdocs_installed():
        print("MkDocs Material not measured: pip install -r bench/requirements.txt")
        return None
    return generate_mkdocs(plain_src, dest)


def measure(n: int, repeat: int, work: Path, with_pdf: bool, plain_max: int) -> dict:
    """All figures for size *n*; « written » counts pages only with -j 1 (workers are forked).

    Plain Sphinx is quadratic (Furo's navigation): above *plain_max* pages it
    is measured on the full -j 1 build only, once, and not at all above
    three times that.
    """
    results: dict = {v: {} for v in (*EXTENSIONS, "mkdocs")}
    sources = {v: generate(work / f"src-{v}-{n}", n, engine=(v == "engine")) for v in ("engine", "plain")}
    sources["plain+nav"] = sources["plain"]
    mkdocs_project = peer_project(sources["plain"], work / f"mkdocs-{n}")
    plain_full_only = n > plain_max
    plain_skipped = n > 3 * plain_max

    def record(variant: str, key: str, value: dict) -> None:
        results[variant].setdefault(key, []).append(value)

    def variants_for(key: str) -> list[str]:
        chosen = ["engine", "plain+nav"] if key.startswith("full") else ["engine"]
        if not plain_skipped and (not plain_full_only or key == "full -j 1"):
            chosen.insert(1, "plain")
        return chosen

    for round_ in range(repeat):
        for jobs in ("1", "auto"):
            key = f"full -j {jobs}"
            for variant in variants_for(key):  # alternate the variants
                if variant == "plain" and plain_full_only and round_ > 0:
                    continue
                out = work / f"out-{variant}-{n}-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                record(variant, key, sphinx(sources[variant], out, "html", jobs, fresh=True, variant=variant))
        if mkdocs_project is not None:  # the peer, on the same pages, in the same round
            out = work / f"out-mkdocs-{n}"
            shutil.rmtree(out, ignore_errors=True)
            record("mkdocs", "full", build_mkdocs(mkdocs_project, out))
    for variant in EXTENSIONS:
        if (work / f"out-{variant}-{n}-1" / "html").is_dir():
            results[variant]["sizes"] = sizes(work / f"out-{variant}-{n}-1")
    if with_pdf:
        for _ in range(repeat):
            for variant in ("engine",) if plain_full_only else ("engine", "plain"):
                # From scratch each time: a previous round's .aux would save XeLaTeX a pass.
                shutil.rmtree(work / f"pdf-{variant}-{n}", ignore_errors=True)
                record(variant, "pdf", pdf(sources[variant], work / f"pdf-{variant}-{n}", variant))
            out = work / f"out-engine-{n}-1"
            shutil.rmtree(out / "latex", ignore_errors=True)
            record("engine", "pdf after html", pdf(sources["engine"], out, "engine", doctrees=out / "doctrees"))
        # What an author waits for: the PDF again after editing one page
        # (LaTeX starts from the previous build's .aux, so it needs fewer passes).
        out = work / f"out-engine-{n}-1"
        edits(sources["engine"], n, True)["edit body"]()
        record("engine", "pdf after edit", pdf(sources["engine"], out, "engine", doctrees=out / "doctrees"))
    # One-page edits on a fresh copy (they change the sources), serial builds.
    for variant in ("engine",) if plain_full_only else ("engine", "plain"):
        src = generate(work / f"edit-{variant}-{n}", n, engine=variant == "engine")
        out = work / f"out-edit-{variant}-{n}"
        shutil.rmtree(out, ignore_errors=True)
        sphinx(src, out, "html", "1", fresh=True, variant=variant)
        for _ in range(repeat):
            record(variant, "no change", sphinx(src, out, "html", "1", fresh=False, variant=variant))
        for name, edit in edits(src, n, variant == "engine").items():
            # The body edit is what authors do all day: measured as often as the full builds.
            for _ in range(repeat if name == "edit body" else 1):
                edit()
                record(variant, name, sphinx(src, out, "html", "1", fresh=False, variant=variant))
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
                "runs": len(runs),
                "read": runs[-1].get("read"), "written": runs[-1].get("written"),
                "peak_mib": max((r["peak_mib"] or 0) for r in runs),
            }
            for extra in ("cpu_seconds", "sphinx_seconds", "tex_seconds", "passes", "partial_passes",
                          "pieces_set", "output_mib", "sphinx_peak_mib", "tex_peak_mib"):
                if all(extra in r for r in runs):
                    table[variant][key][extra] = statistics.median(r[extra] for r in runs)
    return table


def _partial(figure: dict) -> str:
    """« , 1 partial (1 piece set) »: XeLaTeX's passes over the pieces that changed, if any."""
    if not figure.get("partial_passes"):
        return ""
    pieces = figure["pieces_set"]
    return f", {figure['partial_passes']:.0f} partial ({pieces:.0f} piece{'s' if pieces != 1 else ''} set)"


def _cell(figure: dict | None) -> str:
    return f"{figure['seconds']:>10.2f}" if figure else f"{'—':>10}"


def _ratio(a: dict | None, b: dict | None) -> str:
    return f"{a['seconds'] / b['seconds']:>9.2f}" if a and b else f"{'—':>9}"


def print_table(n: int, table: dict) -> None:
    engine, plain, nav = table["engine"], table["plain"], table["plain+nav"]
    print(f"\nN = {n}")
    print(f"{'measure':<16}{'engine s':>10}{'CPU s':>8}{'plain s':>10}{'plain+nav':>10}{'/plain':>9}{'/+nav':>9}"
          f"{'read':>7}{'written':>9}{'plain w.':>9}{'peak MiB':>10}")
    for key, figure in engine.items():
        if key == "sizes":
            continue
        other, fixed = plain.get(key), nav.get(key)
        cpu = figure.get("cpu_seconds") or 0
        print(f"{key:<16}{_cell(figure)}{cpu:>8.1f}{_cell(other)}{_cell(fixed)}{_ratio(figure, other)}{_ratio(figure, fixed)}"
              f"{figure['read'] if figure['read'] is not None else '':>7}"
              f"{figure['written'] if figure['written'] is not None else '':>9}"
              f"{other.get('written') if other and other.get('written') is not None else '':>9}"
              f"{figure['peak_mib']:>10.0f}")
        if "passes" in figure:
            partial = _partial(figure)
            print(f"{'':<16}(Sphinx {figure['sphinx_seconds']:.1f} s + XeLaTeX {figure['tex_seconds']:.1f} s, "
                  f"{figure['passes']:.0f} full pass{'es' if figure['passes'] != 1 else ''}{partial})")
    for variant in EXTENSIONS:
        s = table[variant].get("sizes")
        if s:
            print(f"{variant} output: {s['html_mib']:.1f} MiB, largest page {s['largest_page_kib']:.0f} KiB "
                  f"({s.get('largest_page', '')}), search index {s['search_index_kib']:.0f} KiB")
    print_targets(table)


def _seconds(figure: dict | None, key: str = "seconds") -> float | None:
    return figure.get(key) if figure else None


def print_targets(table: dict) -> None:
    """The figures issue 16 sets targets for, each next to its target."""
    engine, nav, peer = table["engine"], table["plain+nav"], table["mkdocs"].get("full")
    html = _seconds(engine.get("full -j 1"))
    rows = []

    def ratio(label: str, a: float | None, b: float | None, target: str, unit: str = "×") -> None:
        if a is not None and b:
            value = f"{100 * a / b:.1f} %" if unit == "%" else f"{a / b:.2f}×"
            rows.append((label, value, target))

    for jobs in ("1", "auto"):
        ratio(f"engine / plain+nav, full -j {jobs}", _seconds(engine.get(f"full -j {jobs}")),
              _seconds(nav.get(f"full -j {jobs}")), "≤ 1.10×")
    if "pdf" in engine:
        pdf = engine["pdf"]
        ratio("PDF from the sources / HTML full -j 1", pdf["seconds"], html, "≤ 1.5×")
        rows.append(("", f"(Sphinx {pdf['sphinx_seconds']:.1f} s + XeLaTeX {pdf['tex_seconds']:.1f} s, "
                         f"{pdf['passes']:.0f} pass{'es' if pdf['passes'] != 1 else ''})", ""))
    if "pdf after edit" in engine:
        edit = engine["pdf after edit"]
        ratio("PDF after a one-page edit / HTML full -j 1", edit["seconds"], html, "≤ 0.8×")
        partial = _partial(edit)
        rows.append(("", f"(Sphinx {edit['sphinx_seconds']:.1f} s + XeLaTeX {edit['tex_seconds']:.1f} s, "
                         f"{edit['passes']:.0f} full pass{'es' if edit['passes'] != 1 else ''}{partial})", ""))
    ratio("body edit / HTML full -j 1", _seconds(engine.get("edit body")), html, "≤ 5 %", unit="%")
    ratio("no change / HTML full -j 1", _seconds(engine.get("no change")), html, "", unit="%")
    sizes_ = engine.get("sizes")
    if sizes_:
        rows.append(("largest page", f"{sizes_['largest_page_kib']:.0f} KiB", "≤ 300 KiB at 3,000"))
    peaks = [f["peak_mib"] for k, f in engine.items() if k != "sizes" and f.get("peak_mib")]
    if peaks:
        rows.append(("peak memory, largest process", f"{max(peaks):.0f} MiB", "≤ 1,024 MiB at 3,000"))
    if "pdf" in engine:
        rows.append(("", f"(PDF: Sphinx {engine['pdf']['sphinx_peak_mib']:.0f} MiB, "
                         f"XeLaTeX {engine['pdf']['tex_peak_mib']:.0f} MiB)", ""))
    if peer:
        auto = engine.get("full -j auto")
        ratio("engine -j auto / MkDocs Material, wall", _seconds(auto), peer["seconds"], "≤ 0.7×")
        ratio("engine -j auto / MkDocs Material, CPU", _seconds(auto, "cpu_seconds"), peer["cpu_seconds"], "≤ 1.0×")
        rows.append(("", f"(MkDocs Material {peer['seconds']:.1f} s wall, {peer['cpu_seconds']:.1f} s CPU, "
                         f"{peer['output_mib']:.0f} MiB of output; engine -j auto {auto['seconds']:.1f} s wall, "
                         f"{auto['cpu_seconds']:.1f} s CPU)", ""))
    print("targets (issue 16)")
    for label, value, target in rows:
        print(f"  {label:<44}{value:>10}   {target}" if label else f"  {'':<44}{value}")


def print_growth(report: dict) -> None:
    """Growth exponents k of t ∝ N^k between consecutive sizes (1 is linear, 2 quadratic)."""
    sizes_ = sorted(report)
    print("\ngrowth exponent k (t ∝ N^k) between consecutive sizes")
    for key in ("full -j 1", "full -j auto", "pdf", "no change", "edit body"):
        for variant in EXTENSIONS:
            cells = []
            for a, b in itertools.pairwise(sizes_):
                ta = report[a][variant].get(key, {}).get("seconds")
                tb = report[b][variant].get(key, {}).get("seconds")
                if ta and tb:
                    cells.append(f"{a}→{b}: {math.log(tb / ta) / math.log(b / a):.2f}")
            if cells:
                print(f"  {key:<14}{variant:<11}" + "   ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--output", type=Path, default=Path("bench.json"))
    parser.add_argument("--plain-max", type=int, default=100,
                        help="above this size plain Sphinx (quadratic) gets the full -j 1 build only, "
                             "and nothing above three times it")
    parser.add_argument("--once-above", type=int, default=None,
                        help="sizes above this are measured once (a 3,000 run takes about 35 minutes)")
    args = parser.parse_args(argv)
    report = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            repeat = 1 if args.once_above is not None and n > args.once_above else args.repeat
            table = summarise(measure(n, repeat, Path(tmp), not args.no_pdf, args.plain_max))
            print_table(n, table)
            report[n] = table
    print_growth(report)
    args.output.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {args.output}")
    return 0
