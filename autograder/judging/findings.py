"""Findings: one judged check each, and how a list of them becomes a score."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """The outcome of one check.

    `weight` is the check's share of the task, relative to the other findings of
    the same task; `passed_text` describes what was confirmed, `failed_text` what
    is wrong (where, what was found, what the task needs). Only one is shown.
    """

    check: str
    weight: float
    passed: bool
    passed_text: str = ""
    failed_text: str = ""

    @property
    def text(self) -> str:
        return self.passed_text if self.passed else self.failed_text


def passed(check: str, weight: float, text: str) -> Finding:
    return Finding(check, weight, True, passed_text=text)


def failed(check: str, weight: float, text: str) -> Finding:
    return Finding(check, weight, False, failed_text=text)


def judged(check: str, weight: float, ok: bool, passed_text: str, failed_text: str) -> Finding:
    return Finding(check, weight, ok, passed_text=passed_text, failed_text=failed_text)


def score(findings: list[Finding], points: float) -> float:
    """The task's score: `points` times the passed share of the weight.

    A plain float, rounded to two decimals and never outside [0, points], because
    nbgrader parses the cell's result text and aborts the notebook above `points`.
    """
    total = sum(f.weight for f in findings)
    if total <= 0:
        return 0.0
    earned = sum(f.weight for f in findings if f.passed)
    value = round(points * earned / total, 2)
    return float(min(max(value, 0.0), float(points)))


def check_points(findings: list[Finding], points: float) -> list[float]:
    """Each finding's share of `points`, for the report."""
    total = sum(f.weight for f in findings) or 1.0
    return [points * f.weight / total for f in findings]
