"""Histograms of scores as PNG files, with alt text that says what they show.

matplotlib, which the course already uses: static PNGs beside the page open offline with no
JavaScript, which Altair (Vega) or Plotly would need bundled (~3 MB) for charts this simple.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .grade_exports import number

BINS = 10


def score_counts(scores: list[float]) -> str:
    """`6 ×3, 5.67 ×1, 0 ×1`: each score with how many have it, highest first."""
    counts = Counter(scores)
    return ", ".join(f"{number(score)} ×{counts[score]}" for score in sorted(counts, reverse=True))


def histogram(path: Path, scores: list[float], points: float, title: str) -> str:
    """Write the histogram of `scores` (out of `points`) to `path`; its alt text."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(4.2, 2.6), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    edges = [points * k / BINS for k in range(BINS + 1)]
    ax.hist(scores, bins=edges, color="#6baed6", edgecolor="white")
    ax.set_xlim(0, points)
    ax.set_xlabel(f"score (out of {number(points)})")
    ax.set_ylabel("students")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.savefig(path, format="png")
    return (f"Histogram of {title} for {len(scores)} student{'s' if len(scores) != 1 else ''}, "
            f"out of {number(points)}: {score_counts(scores) or 'no scores'}.")
