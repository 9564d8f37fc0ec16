"""Print a task's findings as feedback lines and give nbgrader its score.

The printed lines go to stdout (they are the student's feedback in the
autograded notebook and the HTML feedback); the returned plain float becomes
the test cell's result, which nbgrader reads as the cell's partial credit.
"""

from __future__ import annotations

from .findings import Finding, check_points, score
from ..shared.points_text import points_text


def report(task: str, findings: list[Finding], points: float) -> float:
    earned = score(findings, points)
    print(format_report(task, findings, points, earned))
    return earned


def format_report(task: str, findings: list[Finding], points: float, earned: float) -> str:
    lines = [f"{task}: {points_text(earned)} of {points_text(points)} points"]
    for finding, share in zip(findings, check_points(findings, points)):
        mark = "✓" if finding.passed else "✗"
        got = share if finding.passed else 0.0
        lines.append(f"  {mark} {finding.text} [{points_text(got)}/{points_text(share)}]")
    return "\n".join(lines)


