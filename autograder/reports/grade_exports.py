"""`make grades`, after nbgrader's grades.csv: the scores per task, and a file Canvas imports.

    python -m autograder.reports.grade_exports [--to DIR]

- grades_by_task.csv: one row per student and assignment: `student_id, assignment`, one column per
  task (its grade id; empty where the assignment has no such task, nothing was graded, or a free-text
  answer waits for a TA), `total`
  (the raw score, the sum of the tasks) and `late_penalty`, like nbgrader's raw_score and
  late_submission_penalty. A student who did not submit gets empty tasks and 0, as in grades.csv.
- grades_canvas.csv: Canvas's gradebook import format: `Student, ID, SIS User ID, SIS Login ID,
  Section`, then one column per assignment (its id) holding nbgrader's score (raw score less the
  late penalty), with Canvas's optional "Points Possible" row first. The LMS identities come from
  course_config.ROSTER; a graded student missing from it is left out with a warning.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .gradebook_scores import ClassScores, read_scores

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def number(value: float | None) -> str:
    """A score as the CSV shows it: 6, 5.67, '' for none."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def by_task_rows(scores: ClassScores) -> tuple[list[str], list[list[str]]]:
    task_ids = [task.grade_id for tasks in scores.tasks.values() for task in tasks]
    header = ["student_id", "assignment", *task_ids, "total", "late_penalty"]
    rows = []
    for assignment, tasks in scores.tasks.items():
        own = {task.grade_id for task in tasks}
        for student in scores.students:
            submission = scores.submissions[assignment].get(student.id)
            grades = submission.grades if submission else {}
            rows.append([student.id, assignment,
                         *(_task_cell(grades.get(t)) if t in own else "" for t in task_ids),
                         number(submission.raw_score if submission else 0.0),
                         number(submission.late_penalty if submission else 0.0)])
    return header, rows


def _task_cell(grade) -> str:
    """A task's score; empty when there is none or a TA has yet to grade it (nbgrader counts that as 0)."""
    if grade is None or (grade.needs_manual_grade and grade.manual_score is None):
        return ""
    return number(grade.score)


def canvas_rows(scores: ClassScores, roster: list[dict]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, rows (Points Possible first) and warnings for the students left out."""
    assignments = list(scores.tasks)
    header = CANVAS_COLUMNS + assignments
    rows = [["Points Possible", "", "", "", "", *(number(scores.max_scores[a]) for a in assignments)]]
    enrolled = [entry for entry in roster if entry.get("role") == "student"]
    known = {student.id for student in scores.students}
    for entry in enrolled:
        name = ", ".join(part for part in (entry.get("last_name"), entry.get("first_name")) if part) or entry["id"]
        values = []
        for assignment in assignments:
            submission = scores.submissions[assignment].get(entry["id"])
            values.append(number(submission.score) if submission else ("0" if entry["id"] in known else ""))
        rows.append([name, str(entry.get("lms_id", "")), str(entry.get("sis_user_id", "")),
                     str(entry.get("sis_login_id", "")), str(entry.get("section", "")), *values])
    on_roster = {entry["id"] for entry in enrolled}
    warnings = [f"warning: {student.id} is in the gradebook but not a student in course_config.ROSTER: "
                f"left out of grades_canvas.csv (add their id, lms_id, sis_user_id, sis_login_id and section)"
                for student in scores.students if student.id not in on_roster]
    return header, rows, warnings


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def export(course_config, folder: Path) -> list[str]:
    """Write both files into `folder`; the warnings (also printed on stderr)."""
    scores = read_scores(course_config.GRADEBOOK_URL, course_config.COURSE_ID, course_config.ASSIGNMENTS)
    write_csv(folder / "grades_by_task.csv", *by_task_rows(scores))
    header, rows, warnings = canvas_rows(scores, course_config.ROSTER)
    write_csv(folder / "grades_canvas.csv", header, rows)
    for warning in warnings:
        print(warning, file=sys.stderr)
    return warnings


def main(argv: list[str] | None = None) -> int:
    import course_config  # from the current directory, the course root (`python -m` puts it on sys.path)

    parser = argparse.ArgumentParser(prog="make grades", description=__doc__.splitlines()[0])
    parser.add_argument("--to", type=Path, default=Path(course_config.ROOT), help="folder of the two CSV files")
    args = parser.parse_args(argv)
    export(course_config, args.to)
    print(f"Wrote {args.to / 'grades_by_task.csv'} and {args.to / 'grades_canvas.csv'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
