"""The runtime record of a submission the batch grader could not grade, and why, for its feedback page.

    autograded/<student>/.<assignment>.not-graded.json   {"student": ..., "assignment": ..., "reason": ...}

It sits beside autograded/<student>/<assignment>/, not in it: nbgrader removes that folder when it
regrades, copies its files into feedback/, and a plain `nbgrader autograde` skips a student whose
folder exists. The batch grader writes the record when a submission ends without an autograded
notebook and removes it when one is graded; `make feedback` turns each record into a page
(autograder/pipeline/refused_feedback.py).
"""

from __future__ import annotations

import json
from pathlib import Path


def record_path(course: Path, student: str, assignment: str) -> Path:
    return Path(course) / "autograded" / student / _record_name(assignment)


def _record_name(assignment: str) -> str:
    return f".{assignment}.not-graded.json"


def write_record(course: Path, student: str, assignment: str, reason: str) -> None:
    path = record_path(course, student, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"student": student, "assignment": assignment, "reason": reason}, indent=1) + "\n",
                    encoding="utf-8")


def remove_record(course: Path, student: str, assignment: str) -> None:
    record_path(course, student, assignment).unlink(missing_ok=True)


def read_records(course: Path, assignment: str, student: str | None = None) -> dict[str, str]:
    """{student: reason} of the recorded submissions of `assignment` (only `student`'s, if given)."""
    if student is None:
        paths = sorted((Path(course) / "autograded").glob(f"*/{_record_name(assignment)}"))
    else:
        paths = [path for path in [record_path(course, student, assignment)] if path.is_file()]
    return {path.parent.name: json.loads(path.read_text(encoding="utf-8"))["reason"] for path in paths}
