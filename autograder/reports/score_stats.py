"""Per-task statistics: mean, median, min, max, how many at 0 and at full marks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    n: int
    mean: float
    median: float
    low: float
    high: float
    zeros: int
    full: int


def stats(scores: list[float], points: float) -> Stats | None:
    """None when nobody has a score."""
    if not scores:
        return None
    return Stats(len(scores), round(statistics.fmean(scores), 2), round(statistics.median(scores), 2),
                 min(scores), max(scores), sum(1 for s in scores if s == 0), sum(1 for s in scores if s >= points))
