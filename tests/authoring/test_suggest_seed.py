"""``suggest`` measured on the seed: its raw text against the hand-made page's links,
and the applied page through the strict build."""

from __future__ import annotations

import subprocess
import sys

from kbtools.authoring.suggest import apply, scan, strip_roles
from tests.authoring.helpers_suggest import hand_made_links, seed_page, suggester
from tests.helpers import ROOT, TESTIMONIAL
from tests.helpers.site import copy_site_sources


def proposals():
    return suggester().suggest(scan(seed_page(), "seed.md"))


def test_precision_and_recall_against_the_hand_made_page():
    """Measured: terms precision 19/19 = 1.00, recall 19/20 = 0.95 (the one missed is
    « manifeste » for « Manifeste des évidences », a word that is not the term);
    theses precision 1/1, recall 1/1 (thesis 22 for the closing quotation)."""
    entries, theses = hand_made_links()
    assert (len(entries), theses) == (20, {22})
    found = proposals()
    terms = {suggester().entries[next(iter(suggester().entries_of(s.target)))].key for s in found if s.kind == "term"}
    proposed_theses = {int(s.target) for s in found if s.kind == "these"}
    assert len(terms) == len([s for s in found if s.kind == "term"])  # one proposal per entry
    term_precision, term_recall = len(terms & entries) / len(terms), len(terms & entries) / len(entries)
    thesis_precision = len(proposed_theses & theses) / len(proposed_theses)
    thesis_recall = len(proposed_theses & theses) / len(theses)
    assert term_precision >= 1.0 and term_recall >= 0.95
    assert thesis_precision >= 1.0 and thesis_recall >= 1.0
    assert entries - terms == {"manifeste des évidences"}


def test_thesis_22_for_the_closing_quotation():
    quotation = [s for s in proposals() if s.kind == "these"]
    assert len(quotation) == 1
    assert quotation[0].target == "22"
    assert quotation[0].text.startswith("Avoir le sens de l’humour (pour une entreprise)")
    assert quotation[0].text.endswith("et un véritable point de vue.")
    assert "citation proche de la thèse 22 « Avoir de l’humour n’est pas faire des blagues » : score 0," \
        in quotation[0].reason


def test_applied_seed_is_the_hand_made_page_but_one_link():
    """Same words wrapped at the same places as by hand, except « manifeste » (not
    proposed) and the address, that the hand-made page writes as an autolink."""
    applied = apply(seed_page(), proposals())
    hand = (ROOT / f"{TESTIMONIAL}.md").read_text(encoding="utf-8")
    hand = (hand.replace("{term}`manifeste <Manifeste des évidences>`", "manifeste")
                .replace("<https://www.cluetrain.com/manifeste.html>", "https://www.cluetrain.com/manifeste.html"))
    assert applied.split("\n\n")[2:] == hand.split("\n\n")[2:]


def test_applied_seed_passes_the_strict_build(tmp_path):
    source = copy_site_sources(ROOT, tmp_path / "src")
    (source / f"{TESTIMONIAL}.md").unlink()  # its identifier: the applied seed takes its place
    page = source / "temoignages" / "seed-brut.md"
    page.write_text(seed_page(), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kb", "--source", str(source), "suggest", str(page), "--apply"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "20 propositions dans 1 page (19 termes, 1 thèse) ; 20 appliquées."
    applied = page.read_text(encoding="utf-8")
    assert strip_roles(applied) == seed_page() != applied
    build = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E", "-q",
                            "-j", "1", str(source), str(tmp_path / "html")], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    html = (tmp_path / "html" / "temoignages" / "seed-brut.html").read_text(encoding="utf-8")
    assert html.count('class="xref std std-term"') == 19
    assert 'href="../manifeste/theses.html#these-22"' in html
