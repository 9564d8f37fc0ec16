"""`make demo`: grade the sample students of tests/submissions/ in a scratch course, print their scores.

    python scripts/demo.py [--course DIR]      # DIR: DEMO_DIR, default demo/ in the repository

Every run starts the scratch course afresh (a copy of course_config.py,
nbgrader_config.py and source/), then runs there what `make release`,
`make autograde ASSIGNMENT=<id> ALL=1`, `make feedback` and `make grades` run.
The real course's submitted/, autograded/, feedback/, gradebook.db and
grades.csv are never read or written. VERBOSE=1 in the environment shows
nbgrader's logs; without it the demo prints progress bars, the summaries, the
score tables and where the feedback and grades are.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook
from sample_submissions import place_sample_submissions  # scripts/ is on sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course_config  # noqa: E402 (needs ROOT on sys.path)

# A folder holding this file is a demo course: the demo may empty it.
MARKER = ".demo-course"
COURSE_FILES = ["course_config.py", "nbgrader_config.py", "source"]


class DemoRefused(Exception):
    """The demo would touch something that is not its own: one sentence saying what and what to do."""


def verbose() -> bool:
    return bool(os.environ.get("VERBOSE"))


def run(course: Path, *args: str) -> None:
    """`python -m <args>` in the demo course, as the Makefile's targets run it; a failing step stops the demo."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("GRADEBOOK_URL", None)  # the demo grades into its own gradebook.db, never the course's database
    subprocess.run([sys.executable, "-m", *args], cwd=course, env=env, check=True)


def nbgrader(course: Path, *args: str) -> None:
    run(course, "nbgrader", *args, *([] if verbose() else ["--log-level=ERROR"]))


def real_submissions(root: Path) -> list[str]:
    """The students with a submission in the real course's submitted/."""
    return sorted({path.parent.name for path in (root / "submitted").glob("*/*") if path.is_dir()})


def prepare(course: Path) -> None:
    """Empty `course` (only if it is a demo course) and copy the course into it."""
    course = course.resolve()
    if course == ROOT or course in ROOT.parents:
        raise DemoRefused(f"make demo: {course} holds the real course; the demo needs a folder of its own "
                          f"(DEMO_DIR=<an empty or demo folder>), nothing was changed.")
    if course.exists() and any(course.iterdir()) and not (course / MARKER).is_file():
        raise DemoRefused(f"make demo: {course} is not empty and is not a demo course (it has no {MARKER}); "
                          f"choose another DEMO_DIR, nothing was changed.")
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    (course / MARKER).write_text("A scratch course written by `make demo`; each run replaces it.\n")
    for name in COURSE_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, course / name)


def task_name(grade_id):
    """The task a grade cell belongs to: "model_tests" -> "model"; free text ids stay as they are."""
    return re.sub(r"_(tests|answer)$", "", grade_id)


def score_text(grade):
    """The grade's score, or '-' while a manually graded cell waits for its grader."""
    if grade.auto_score is None and grade.manual_score is None:
        return "-"
    return f"{grade.score:g}"


def score_table(course: Path, assignment_id):
    """One row per student who submitted `assignment_id`, one column per task, then the total."""
    points = course_config.ASSIGNMENTS[assignment_id]["points"]
    notebook = Path(course_config.ASSIGNMENTS[assignment_id]["notebook"]).stem
    header = ["student"] + [f"{task_name(grade_id)} ({max_points:g})" for grade_id, max_points in points.items()]
    header.append(f"total ({sum(points.values()):g})")
    rows = [header]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        for submission in sorted(gradebook.notebook_submissions(notebook, assignment_id), key=lambda s: s.student.id):
            grades = {grade.name: grade for grade in submission.grades}
            rows.append([submission.student.id] + [score_text(grades[grade_id]) for grade_id in points]
                        + [f"{submission.score:g}"])
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                       for column, (cell, width) in enumerate(zip(row, widths))) for row in rows]
    return "\n".join([f"{assignment_id} ({course_config.ASSIGNMENTS[assignment_id]['notebook']})", *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=ROOT / "demo", help="the scratch course folder (DEMO_DIR)")
    course = parser.parse_args(argv).course.resolve()
    try:
        prepare(course)
    except DemoRefused as refused:
        print(refused, file=sys.stderr)
        return 2
    print(f"Demo course: {course} (a scratch copy of this course, replaced on every run).")
    students = real_submissions(ROOT)
    if students:
        print(f"WARNING: {ROOT / 'submitted'} holds real submissions ({len(students)} student"
              f"{'s' if len(students) != 1 else ''}); "
              f"the demo does not touch them, gradebook.db or grades.csv.")

    run(course, "autograder.pipeline.points_agreement")
    for assignment_id in course_config.ASSIGNMENTS:
        nbgrader(course, "generate_assignment", assignment_id, "--force")
    print(f"Released {', '.join(course_config.ASSIGNMENTS)}; grading the sample students of tests/submissions/.")
    submitted = {path.parts[-2] for path in place_sample_submissions(course)}
    graded = [assignment_id for assignment_id in course_config.ASSIGNMENTS if assignment_id in submitted]
    if not graded:
        print("No sample submissions in tests/submissions/: nothing to grade.")
        return 0
    for assignment_id in graded:
        run(course, "autograder.pipeline.batch_autograde", assignment_id, "--all")
        run(course, "autograder.pipeline.generate_feedback", assignment_id)
    nbgrader(course, "export", "--to", "grades.csv")
    print("\nScores ('-': free text not graded yet, see `make lab` -> Formgrader):\n")
    print("\n\n".join(score_table(course, assignment_id) for assignment_id in graded))
    print(f"\nFeedback pages: {course / 'feedback'}/<student>/<assignment>/*.html\n"
          f"All grades:     {course / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
