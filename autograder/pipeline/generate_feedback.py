"""`make feedback`: nbgrader's page per autograded notebook, and one per notebook that could not be graded.

    python -m autograder.pipeline.generate_feedback 02_sequential_model [--student ada]

It runs nbgrader's own `generate_feedback --force`, which course_config.py points at the course's
converter (autograder/pipeline/course_feedback.py: hidden tests hidden, students' scripts dropped,
and the "could not be graded" page of each submission the batch grader recorded as not graded), the
same one formgrader's Generate Feedback button runs.

Exit status: nbgrader's, or 1 when there is no feedback to write at all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .ungraded_records import read_records


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path.cwd()))
    import course_config

    parser = argparse.ArgumentParser(prog="make feedback", description=__doc__.splitlines()[0])
    parser.add_argument("assignment", choices=list(course_config.ASSIGNMENTS))
    parser.add_argument("--student", help="write only this student's feedback")
    args = parser.parse_args(argv)

    course = Path(course_config.ROOT)
    if not _has_autograded_notebook(course, args.assignment, args.student) \
            and not read_records(course, args.assignment, args.student):
        print(f"No feedback to write: no autograded notebook of {args.assignment}"
              + (f" from {args.student}" if args.student else "") + f" under {course / 'autograded'}, "
              f"and no submission recorded as not graded (run `make autograde ASSIGNMENT={args.assignment}`).",
              file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "nbgrader", "generate_feedback", args.assignment, "--force"]
    return subprocess.run(command + (["--student", args.student] if args.student else []), cwd=course).returncode


def _has_autograded_notebook(course: Path, assignment: str, student: str | None) -> bool:
    if student is not None:
        return any((course / "autograded" / student / assignment).glob("*.ipynb"))
    return any((course / "autograded").glob(f"*/{assignment}/*.ipynb"))


if __name__ == "__main__":
    raise SystemExit(main())
