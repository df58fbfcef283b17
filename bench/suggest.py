"""``python -m bench.suggest``: ``python -m kb suggest`` over N synthetic testimonials.

The pages are the synthetic testimonials of :mod:`bench.synthetic` written
without roles (« thèse 12 », « relation client » as plain words), each with
a quoted paraphrase of a thesis, in a temporary folder; one ``suggest``
process reads them all (the glossary and the theses are prepared once).
Prints the median of ``--repeat`` runs (target: 20 s at most for 1,000
pages on the 2-core reference machine).

``--evaluate`` prints instead how the thesis ranking's threshold was chosen:
precision, recall and F1 on the labelled passages of
:mod:`kbtools.authoring.suggest.evaluation`, for each threshold.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import testimonial

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbtools.authoring.suggest import evaluation  # noqa: E402
from kbtools.authoring.suggest.sources import read_theses  # noqa: E402
from kbtools.authoring.suggest.theses import THRESHOLD, ThesisIndex  # noqa: E402


def write_pages(dest: Path, count: int) -> Path:
    """*count* synthetic testimonials without roles, each quoting a paraphrased thesis."""
    folder = dest / "temoignages"
    folder.mkdir(parents=True, exist_ok=True)
    paraphrases = list(evaluation.FRENCH.values())
    for index in range(1, count + 1):
        quote = paraphrases[index % len(paraphrases)]
        text = testimonial(index, engine=False) + f"\nComme le dit le manifeste : « {quote} »\n"
        (folder / f"synthetique-{index:05d}.md").write_text(text, encoding="utf-8")
    return folder


def run_once(folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(ROOT), "suggest", "--json", str(folder)],
                            capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"suggest a échoué : {result.stderr[-2000:]}")
    return elapsed, len(json.loads(result.stdout))


def evaluate() -> None:
    index = ThesisIndex(read_theses(ROOT))

    def rank(text: str) -> tuple[int, float] | None:
        ranking = index.rank(text)
        return (ranking[0].number, ranking[0].score) if ranking else None

    for name, english in (("passages français et anglais", True), ("passages français seulement", False)):
        found = evaluation.predictions(rank, evaluation.labelled(english))
        positives = sum(1 for expected, _, _ in found if expected is not None)
        print(f"{name} : {positives} positifs, {len(found) - positives} négatifs")
        print("  seuil  précision  rappel    F1   (vp, fp, fn)")
        for score in evaluation.curve(found):
            if 0.05 <= score.threshold <= 0.35:
                mark = "  ← seuil retenu" if score.threshold == THRESHOLD else ""
                print(f"  {score.threshold:5.2f}  {score.precision:9.2f}  {score.recall:6.2f}  {score.f1:5.3f}"
                      f"   ({score.tp}, {score.fp}, {score.fn}){mark}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.suggest", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="nombre de témoignages synthétiques (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="mesures, dont on donne la médiane (3)")
    parser.add_argument("--evaluate", action="store_true", help="afficher le choix du seuil des thèses")
    args = parser.parse_args(argv)
    if args.evaluate:
        evaluate()
        return 0
    with tempfile.TemporaryDirectory(prefix="kb-bench-suggest-") as tmp:
        folder = write_pages(Path(tmp), args.pages)
        times = []
        for _ in range(args.repeat):
            elapsed, found = run_once(folder)
            times.append(elapsed)
        print(f"suggest sur {args.pages} témoignages : médiane {statistics.median(times):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in times)} s), {found} propositions "
              f"({found / args.pages:.1f} par page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
