"""When each batch of `make autograde` ran and how long it took, for the class report.

    autograded/.<assignment>.batch-runs.json   [{"started": "2026-11-30T23:40:02+00:00", "seconds": 35.2,
                                                 "graded": 5, "submissions": 5, "sandbox": "namespaces"}, ...]

The last `KEEP` runs, oldest first; beside the students' folders, like the not-graded records.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, UTC
from pathlib import Path

KEEP = 20


def runs_path(course: Path, assignment: str) -> Path:
    return Path(course) / "autograded" / f".{assignment}.batch-runs.json"


def read_runs(course: Path, assignment: str) -> list[dict]:
    try:
        runs = json.loads(runs_path(course, assignment).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return runs if isinstance(runs, list) else []


def record_run(course: Path, assignment: str, seconds: float, graded: int, submissions: int, sandbox: str) -> None:
    """Append the batch that just ended (it took `seconds`) to the assignment's runs."""
    started = datetime.now(UTC) - timedelta(seconds=seconds)
    run = {"started": started.isoformat(timespec="seconds"), "seconds": round(seconds, 1),
           "graded": graded, "submissions": submissions, "sandbox": sandbox}
    path = runs_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps((read_runs(course, assignment) + [run])[-KEEP:], indent=1) + "\n", encoding="utf-8")
