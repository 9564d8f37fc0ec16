"""`make feedback`: nbgrader's page per autograded notebook, and one per notebook that could not be graded.

    python -m autograder.pipeline.generate_feedback 02_sequential_model [--student ada]

1. nbgrader's own `generate_feedback --force` (configured by course_config.py: hidden tests hidden,
   students' scripts dropped), when there is an autograded notebook to convert;
2. the "could not be graded" page of each submission the batch grader recorded as not graded
   (autograder/pipeline/refused_feedback.py).

Exit status: nbgrader's, or 1 when there is no feedback to write at all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .refused_feedback import write_refused_pages


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path.cwd()))
    import course_config

    parser = argparse.ArgumentParser(prog="make feedback", description=__doc__.splitlines()[0])
    parser.add_argument("assignment", choices=list(course_config.ASSIGNMENTS))
    parser.add_argument("--student", help="write only this student's feedback")
    args = parser.parse_args(argv)

    course = Path(course_config.ROOT)
    spec = course_config.ASSIGNMENTS[args.assignment]
    graded = _has_autograded_notebook(course, args.assignment, args.student)
    status = 0
    if graded:
        command = [sys.executable, "-m", "nbgrader", "generate_feedback", args.assignment, "--force",
                   "--log-level=" + ("INFO" if os.environ.get("VERBOSE") else "ERROR")]  # VERBOSE=1: make's variable
        status = subprocess.run(command + (["--student", args.student] if args.student else []), cwd=course).returncode
    pages = write_refused_pages(course, args.assignment, spec["notebook"], sum(spec["points"].values()),
                                args.student)
    for student, page in pages.items():
        print(f"{args.assignment}: {student}'s notebook could not be graded; {page.relative_to(course)} says why.")
    if not graded and not pages:
        print(f"No feedback to write: no autograded notebook of {args.assignment}"
              + (f" from {args.student}" if args.student else "") + f" under {course / 'autograded'}, "
              f"and no submission recorded as not graded (run `make autograde ASSIGNMENT={args.assignment}`).",
              file=sys.stderr)
        return 1
    return status


def _has_autograded_notebook(course: Path, assignment: str, student: str | None) -> bool:
    if student is not None:
        return any((course / "autograded" / student / assignment).glob("*.ipynb"))
    return any((course / "autograded").glob(f"*/{assignment}/*.ipynb"))


if __name__ == "__main__":
    raise SystemExit(main())
