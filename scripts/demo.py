"""`make demo`: release, grade the sample submissions of tests/submissions/, print their scores.

It runs the make targets an instructor runs (release, autograde, feedback,
grades), so the demo goes through the same steps as the real course.
"""
import re
import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook
from sample_submissions import place_sample_submissions  # scripts/ is on sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course_config  # noqa: E402 (needs ROOT on sys.path)


def make(*args):
    """Run `make <args>` at the repository root; a failing step stops the demo."""
    subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args], check=True)


def task_name(grade_id):
    """The task a grade cell belongs to: "model_tests" -> "model"; free text ids stay as they are."""
    return re.sub(r"_(tests|answer)$", "", grade_id)


def score_text(grade):
    """The grade's score, or '-' while a manually graded cell waits for its grader."""
    if grade.auto_score is None and grade.manual_score is None:
        return "-"
    return f"{grade.score:g}"


def score_table(assignment_id):
    """One row per student who submitted `assignment_id`, one column per task, then the total."""
    points = course_config.ASSIGNMENTS[assignment_id]["points"]
    notebook = Path(course_config.ASSIGNMENTS[assignment_id]["notebook"]).stem
    header = ["student"] + [f"{task_name(grade_id)} ({max_points:g})" for grade_id, max_points in points.items()]
    header.append(f"total ({sum(points.values()):g})")
    rows = [header]
    with Gradebook(course_config.GRADEBOOK_URL, course_config.COURSE_ID) as gradebook:
        for submission in sorted(gradebook.notebook_submissions(notebook, assignment_id), key=lambda s: s.student.id):
            grades = {grade.name: grade for grade in submission.grades}
            rows.append([submission.student.id] + [score_text(grades[grade_id]) for grade_id in points]
                        + [f"{submission.score:g}"])
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                       for column, (cell, width) in enumerate(zip(row, widths))) for row in rows]
    return "\n".join([f"{assignment_id} ({course_config.ASSIGNMENTS[assignment_id]['notebook']})", *lines])


def main():
    make("release")
    submitted = {path.parts[-2] for path in place_sample_submissions(ROOT)}
    graded = [assignment_id for assignment_id in course_config.ASSIGNMENTS if assignment_id in submitted]
    if not graded:
        print("No sample submissions in tests/submissions/: nothing to grade.")
        return
    for assignment_id in graded:
        make("autograde", f"ASSIGNMENT={assignment_id}", "ALL=1")
        make("feedback", f"ASSIGNMENT={assignment_id}")
    make("grades")
    print("\nScores ('-': free text not graded yet, see `make lab` -> Formgrader); feedback in feedback/, "
          "all grades in grades.csv.\n")
    print("\n\n".join(score_table(assignment_id) for assignment_id in graded))


if __name__ == "__main__":
    main()
