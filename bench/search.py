"""``python -m bench.search``: the two search candidates on the same query set.

Candidates: Sphinx's own search with the knowledge base's accent-folding
French language (what the site ships), and Pagefind (``pagefind[bin]``),
run over a copy of the same built site with the markup a Pagefind site
would use (``data-pagefind-body`` on the article, the « Cité dans » lists
and « Témoignages proches » ignored).

For the real site and a synthetic site of N testimonials it prints and
writes: the queries whose expected page is in the top three, the size of
the index on disk, the bytes a reader downloads for one query in a fresh
browser, and the time from navigation start to the first result, in
Debian's Chromium. Run by hand (needs Chromium and ``pagefind[bin]``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbtools.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

# The query set of the tests (tests/write/test_search.py), read as data: query -> expected page.
QUERIES: dict[str, str] = json.loads((ROOT / "tests" / "data" / "search-queries.json").read_text(encoding="utf-8"))

# Pages of the synthetic site that the query set can expect (no real testimonial there).
SYNTHETIC_QUERIES = {q: page for q, page in QUERIES.items() if not page.startswith("temoignages/meimoun")}
FIRST_RESULT_PROBE = """
window.__kbFirst = null;
new MutationObserver(() => {
  if (window.__kbFirst === null && document.querySelector('#search-results ul.search li'))
    window.__kbFirst = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def build_real(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "kb", "--build-dir", str(dest), "build", "--html"],
                   cwd=ROOT, check=True, capture_output=True)
    return dest / "html"


def build_synthetic(dest: Path, n: int) -> Path:
    source = generate(dest / "src", n, engine=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", str(source),
                    str(dest / "html")], check=True, capture_output=True,
                   env={"PYTHONPATH": f"{ROOT}:{source}", "PATH": "/usr/bin:/bin"})
    return dest / "html"


def pagefind_copy(html: Path, dest: Path) -> tuple[Path, float]:
    """A copy of *html* with Pagefind's markup and index; returns it and the indexing time."""
    shutil.copytree(html, dest, symlinks=False)
    for page in dest.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = (text.replace('<article role="main"', '<article data-pagefind-body role="main"')
                .replace('class="kb-cite-dans ', 'data-pagefind-ignore class="kb-cite-dans ')
                .replace('class="kb-proches', 'data-pagefind-ignore class="kb-proches'))
        page.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(dest), "--silent"], check=True)
    return dest, time.perf_counter() - start


def _docname(url: str) -> str:
    path = url.split("#")[0].lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def run_queries(browser, base: str, queries: dict[str, str], engine: str) -> dict:
    hits, firsts, transferred, misses = 0, [], [], []
    for query, expected in queries.items():
        context = browser.new_context()  # a fresh cache for every query: a reader's first search
        page = context.new_page()
        responses: list = []
        page.on("response", lambda response, responses=responses: responses.append(response))
        if engine == "sphinx":
            page.add_init_script(FIRST_RESULT_PROBE)
            page.goto(base + "search.html?q=" + quote(query))
            page.wait_for_selector("#search-results p.search-summary", timeout=60_000)
            top = page.eval_on_selector_all("#search-results ul.search li > a",
                                            "l => l.slice(0, 3).map(a => a.getAttribute('href'))")
            first = page.evaluate("window.__kbFirst")
        else:
            page.goto(base + "index.html")
            result = page.evaluate("""async (q) => {
                const pagefind = await import('./pagefind/pagefind.js');
                await pagefind.init();
                const search = await pagefind.search(q);
                const data = await Promise.all(search.results.slice(0, 3).map(r => r.data()));
                return [data.map(d => d.url), performance.now()];
            }""", query)
            top, first = result
        found = expected in [_docname(u) for u in top]
        hits += found
        if not found:
            misses.append(query)
        if first is not None:
            firsts.append(first)
        transferred.append(sum(len(r.body()) for r in responses if _is_index(r.url, engine)))
        context.close()
    return {"hits": hits, "queries": len(queries), "misses": misses,
            "first_result_ms": statistics.median(firsts) if firsts else None,
            "downloaded_kib": statistics.median(transferred) / 1024}


def _is_index(url: str, engine: str) -> bool:
    if engine == "sphinx":
        return url.endswith("searchindex.js")
    return "/pagefind/" in url


def index_size(html: Path, engine: str) -> dict:
    if engine == "sphinx":
        data = (html / "searchindex.js").read_bytes()
        return {"disk_kib": len(data) / 1024, "gzip_kib": len(gzip.compress(data)) / 1024}
    files = [p for p in (html / "pagefind").rglob("*") if p.is_file()]
    return {"disk_kib": sum(p.stat().st_size for p in files) / 1024, "files": len(files)}


def compare(html: Path, queries: dict[str, str], work: Path, label: str) -> dict:
    from playwright.sync_api import sync_playwright

    pagefind_site, indexing = pagefind_copy(html, work / f"pagefind-{label}")
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for engine, site in (("sphinx", html), ("pagefind", pagefind_site)):
            with serve(site) as base:
                report[engine] = {**run_queries(browser, base, queries, engine), **index_size(site, engine)}
        browser.close()
    report["pagefind"]["indexing_s"] = indexing
    return report


def print_report(label: str, report: dict) -> None:
    print(f"\n{label}")
    print(f"{'':<22}{'hits top 3':>12}{'index on disk':>15}{'per query':>12}{'1st result':>12}")
    for engine, r in report.items():
        print(f"{engine:<22}{str(r['hits']) + '/' + str(r['queries']):>12}{r['disk_kib']:>11.0f} KiB"
              f"{r['downloaded_kib']:>8.0f} KiB{r['first_result_ms'] or float('nan'):>9.0f} ms")
        if r["misses"]:
            print(f"{'':<22}missed: {', '.join(r['misses'])}")
    print(f"Pagefind indexing: {report['pagefind']['indexing_s']:.1f} s (the whole site, on every build)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--synthetic", type=int, default=1000, help="testimonials in the synthetic site")
    parser.add_argument("--output", type=Path, default=Path("bench-search.json"))
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="kb-search-") as tmp:
        work = Path(tmp)
        real = build_real(work / "real")
        results["real site"] = compare(real, QUERIES, work, "real")
        print_report("real site", results["real site"])
        if not args.synthetic:
            return _write(args.output, results)
        synthetic = build_synthetic(work / "synthetic", args.synthetic)
        label = f"synthetic site, {args.synthetic} testimonials"
        results[label] = compare(synthetic, SYNTHETIC_QUERIES, work, "synthetic")
        print_report(label, results[label])
    return _write(args.output, results)


def _write(output: Path, results: dict) -> int:
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
