"""SVG pictures of the citation map, drawn as text (no plotting library needed).

Colours are fixed and each picture paints its own background, so it reads
the same in light and dark mode, and once converted for the PDF.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from kb.core.french import plural

EMPTY = "#e8eaed"
SCALE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
INK, INK_ON_DARK, PAPER = "#1f2328", "#ffffff", "#ffffff"
FONT = "font-family=\"DejaVu Sans, FreeSans, Arial, sans-serif\""


def shade(count: int, highest: int) -> tuple[str, str]:
    """Fill and text colour for *count* on a scale up to *highest*."""
    if count <= 0:
        return EMPTY, INK
    step = max(0, min(len(SCALE), math.ceil(count * len(SCALE) / max(highest, 1))) - 1)
    return SCALE[step], INK if step < 3 else INK_ON_DARK


def theses_grid(counts: dict[int, int], titles: dict[int, str], href: Callable[[int], str | None],
                columns: int = 19, cell: int = 34) -> str:
    """95 cells, one per thesis, shaded by the number of citing testimonials."""
    numbers = sorted(titles)
    rows = (len(numbers) + columns - 1) // columns
    width, height = columns * cell + 2, rows * cell + 40
    highest = max(counts.values(), default=0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="group" class="kb-carte-svg" '
             f'aria-label="Nombre de témoignages citant chacune des {len(numbers)} thèses">',
             f'<rect width="{width}" height="{height}" fill="{PAPER}"/>']
    for index, number in enumerate(numbers):
        x, y = 1 + (index % columns) * cell, 1 + (index // columns) * cell
        count = counts.get(number, 0)
        fill, ink = shade(count, highest)
        label = f"Thèse {number} — {titles[number]} : citée par {plural(count, 'témoignage')}"
        cell_svg = (f'<rect x="{x}" y="{y}" width="{cell - 3}" height="{cell - 3}" rx="3" fill="{fill}"/>'
                    f'<text x="{x + (cell - 3) / 2}" y="{y + cell / 2 + 2}" text-anchor="middle" '
                    f'font-size="12" {FONT} fill="{ink}">{number}</text>')
        link = href(number)
        title = f"<title>{escape(label)}</title>"
        if link:
            parts.append(f'<a href="{escape(link)}" aria-label="{escape(label)}">{title}{cell_svg}</a>')
        else:
            parts.append(f"<g>{title}{cell_svg}</g>")
    parts.append(_legend(1, rows * cell + 12, highest))
    parts.append("</svg>")
    return "\n".join(parts)  # newlines: the search indexer strips tags, words stay apart


def terms_bars(rows: Sequence[tuple[str, int, str | None]], width: int = 640, bar: int = 20) -> str:
    """One bar per glossary entry: how many testimonials use it."""
    label_width, gap = 220, 6
    height = len(rows) * (bar + gap) + 10
    highest = max((count for _, count, _ in rows), default=0)
    scale = (width - label_width - 40) / max(highest, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="group" class="kb-carte-svg" '
             f'aria-label="Nombre de témoignages employant chaque terme du glossaire">',
             f'<rect width="{width}" height="{height}" fill="{PAPER}"/>']
    for index, (label, count, link) in enumerate(rows):
        y = 5 + index * (bar + gap)
        fill, _ = shade(count, highest)
        length = max(2.0, count * scale)
        text = (f'<text x="{label_width - 8}" y="{y + bar - 6}" text-anchor="end" font-size="13" {FONT} '
                f'fill="{INK}">{escape(label)}</text>'
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" rx="2" fill="{fill if count else EMPTY}"/>'
                f'<text x="{label_width + length + 6:.1f}" y="{y + bar - 6}" font-size="12" {FONT} '
                f'fill="{INK}">{count}</text>')
        title = f"<title>{escape(label)} : {plural(count, 'témoignage')}</title>"
        parts.append(f'<a href="{escape(link)}">{title}{text}</a>' if link else f"<g>{title}{text}</g>")
    parts.append("</svg>")
    return "\n".join(parts)  # newlines: the search indexer strips tags, words stay apart


def _legend(x: int, y: int, highest: int) -> str:
    parts = [f'<text x="{x}" y="{y + 14}" font-size="12" {FONT} fill="{INK}">jamais citée</text>',
             f'<rect x="{x + 80}" y="{y + 2}" width="16" height="16" rx="3" fill="{EMPTY}"/>']
    if highest:
        label = "citée" if highest == 1 else f"citée de 1 à {highest} fois"
        parts.append(f'<text x="{x + 110}" y="{y + 14}" font-size="12" {FONT} fill="{INK}">{label}</text>')
        for i, colour in enumerate(SCALE):
            parts.append(f'<rect x="{x + 220 + i * 18}" y="{y + 2}" width="16" height="16" rx="3" fill="{colour}"/>')
    return "\n".join(parts)  # newlines: the search indexer strips tags, words stay apart
