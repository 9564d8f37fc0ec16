"""An assignment the gradebook does not know yet, registered from source/ as `make release` does.

`make autograde` before any `make release` (a fresh clone: release/ is committed, the
gradebook is empty) would meet nbgrader's "No such notebook". The batch grader
registers the assignment instead: the points are checked against
course_config.ASSIGNMENTS first (points_agreement.py), then nbgrader's own
`generate_assignment` records the notebook, its cells and points in the gradebook,
writing its student version into a scratch folder so that release/ stays as committed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .points_agreement import PointsAgreement, course_disagreements


def register_from_source(app, assignment: str) -> str:
    """Register `assignment` in the gradebook of nbgrader's `app`; '' when done, else why not (one sentence)."""
    coursedir = app.coursedir
    root = Path(coursedir.root)
    known = PointsAgreement(config=app.config).assignments
    if assignment not in known:
        return (f"{assignment} is not an assignment of this course: course_config.ASSIGNMENTS has "
                f"{', '.join(known) or 'none'}")
    found = course_disagreements(root, {assignment: known[assignment]})
    if found:
        return (f"{assignment} is not in the gradebook yet, and its points in source/ disagree with "
                f"course_config.ASSIGNMENTS, so it was not registered: " + "; ".join(map(str, found)))
    with tempfile.TemporaryDirectory(prefix="register-") as scratch:
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force", "--log-level=ERROR",
             f"--CourseDirectory.release_directory={scratch}"],
            cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        last = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()][-1:]
        return (f"{assignment} is not in the gradebook yet and nbgrader could not register it from "
                f"source/{assignment}/ ({last[0].strip() if last else f'exit status {result.returncode}'}); "
                f"run `make release` to see why")
    return ""
