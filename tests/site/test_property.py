"""Nothing lost: generated testimonials with arbitrary French text, special
characters and structure, built into HTML and PDF; every sentence must reach both.

Examples per run: KB_HYPOTHESIS_EXAMPLES (default 5; each one is a full build).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import PDF_NAME, ROOT
from tests.helpers.site import article_text, copy_site_sources, pdf_text, squash

pytestmark = pytest.mark.site

# French letters and the characters that break renderers (LaTeX specials, typographic
# punctuation, emoji, Hebrew). Markdown's own syntax (* _ ` [ ] < > | \) is left out:
# it is meant to change the text, and the hostile catalog covers it.
LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüÿçœæ"
SPECIALS = "$&#%^~{}«»’“”€°§@+=/()0123456789😀🚀"  # right-to-left text: see the hostile catalog
WORD = st.text(alphabet=LETTERS + LETTERS.upper() + SPECIALS, min_size=1, max_size=14).filter(
    lambda w: any(c.isalpha() for c in w))
END = st.sampled_from([".", " !", " ?", "\u202f!", "\u202f?", "…"])
SENTENCE = st.builds(lambda first, words, end: " ".join([first.capitalize(), *words]) + end,
                     st.text(alphabet=LETTERS, min_size=2, max_size=10), st.lists(WORD, min_size=2, max_size=12), END
                     ).filter(lambda s: not re.search(r"&#?\w+;", s))
BLOCK = st.tuples(st.sampled_from(["paragraph", "list", "quote", "heading"]), st.lists(SENTENCE, min_size=1, max_size=4))
TESTIMONIAL = st.lists(BLOCK, min_size=1, max_size=6)
STATS = {"examples": 0, "sentences": 0, "lost": 0}


def render(index: int, blocks: list) -> tuple[str, list[str]]:
    lines = [f"---\nidentifiant: T-{800 + index}\nauteur: Personne Synthétique {index}\n---\n",
             f"# Témoignage généré {index}\n"]
    sentences: list[str] = []
    for kind, items in blocks:
        sentences += items
        if kind == "paragraph":
            lines.append(" ".join(items) + "\n")
        elif kind == "list":
            lines.append("".join(f"- {s}\n" for s in items))
        elif kind == "quote":
            lines.append("".join(f"> {s}\n>\n" for s in items))
        else:
            lines.append(f"## {items[0]}\n")
            lines.append(" ".join(items[1:]) + "\n" if items[1:] else "")
    return "\n".join(lines), sentences


# No shrinking: each example is a full build, and shrinking one failure would take minutes.
@settings(max_examples=int(os.environ.get("KB_HYPOTHESIS_EXAMPLES", "5")), deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(TESTIMONIAL, min_size=1, max_size=4))
def test_every_generated_sentence_reaches_html_and_pdf(testimonials):
    with tempfile.TemporaryDirectory(prefix="kb-property-") as tmp:
        source = copy_site_sources(ROOT, Path(tmp) / "src")
        shutil.rmtree(source / "temoignages")
        (source / "temoignages").mkdir()
        shutil.copyfile(ROOT / "temoignages" / "index.md", source / "temoignages" / "index.md")
        expected: dict[str, list[str]] = {}
        for index, blocks in enumerate(testimonials):
            text, sentences = render(index, blocks)
            (source / "temoignages" / f"genere-{index}.md").write_text(text, encoding="utf-8")
            expected[f"genere-{index}"] = sentences
        build = Path(tmp) / "build"
        result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build),
                                 "build"], cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            logs = list((build / "work" / "latex").glob("*.log"))
            errors = re.findall(r"^!.*(?:\n.*){0,4}", logs[0].read_text(errors="replace"), re.M) if logs else []
            pytest.fail(f"build failed: {result.stderr[-1500:]}\nLaTeX: {errors[:3]}")
        pdf = squash(pdf_text(build / "pdf" / PDF_NAME))
        STATS["examples"] += 1
        for name, sentences in expected.items():
            html = squash(article_text(build / "html" / "temoignages" / f"{name}.html"))
            for sentence in sentences:
                STATS["sentences"] += 1
                lost = squash(sentence) not in html or squash(sentence) not in pdf
                STATS["lost"] += lost
                assert not lost, (name, sentence, squash(sentence) in html, squash(sentence) in pdf)


def test_report_property_figures():
    """Prints the figures of the property-based test above (run with -s)."""
    print(f"\nproperty test: {STATS['examples']} examples, {STATS['sentences']} sentences checked, "
          f"{STATS['lost']} lost")
    assert STATS["lost"] == 0
