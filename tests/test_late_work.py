"""Due dates and late work: course_config's "due" reaches the gradebook, late submissions lose their penalty.

A course whose 02_sequential_model is due 2026-12-01T00:00:00+01:00 (23:00 UTC the day before) and four
copies of ada's notebook (12 of 14 points before the TA grades the free text), collected with different
nbgrader timestamps. LATE_PENALTY_PER_DAY = 0.1: 1.4 points per started day late, at most the score.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import REPO, copy_course
from test_course_pipeline import nbgrader, run

from autograder.pipeline.late_work import parse_due

sys.path.insert(0, str(REPO / "scripts"))
from sample_submissions import place_sample_submissions  # noqa: E402

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
DUE = "2026-12-01T00:00:00+01:00"
TIMESTAMPS = {  # student -> timestamp.txt, as `nbgrader submit` writes it (UTC)
    "ontime": "2026-11-30 22:59:00.000000 UTC",
    "late1s": "2026-11-30 23:00:01.000000 UTC",
    "late2d": "2026-12-02 23:00:00.000000 UTC",
    "late20d": "2026-12-20 12:00:00.000000 UTC",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("late")
    copy_course(root)
    with open(root / "course_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nASSIGNMENTS[{ASSIGNMENT!r}]['due'] = {DUE!r}\n")
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    place_sample_submissions(root, [ASSIGNMENT])
    ada = root / "submitted" / "ada" / ASSIGNMENT / NOTEBOOK
    for student, timestamp in TIMESTAMPS.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        shutil.copy(ada, folder / NOTEBOOK)
        (folder / "timestamp.txt").write_text(timestamp)
    for student in ("ada", "ben", "cara", "dan", "eve"):
        shutil.rmtree(root / "submitted" / student)
    return root


def gradebook_due(course: Path):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "intro-keras") as gradebook:
        return gradebook.find_assignment(ASSIGNMENT).duedate


def test_release_writes_the_due_date_into_the_gradebook(course):
    assert str(gradebook_due(course)) == "2026-11-30 23:00:00"


def test_late_submissions_lose_the_penalty_in_grades_csv(course):
    summary = run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT).stdout
    assert str(gradebook_due(course)) == "2026-11-30 23:00:00"
    late = [line.strip() for line in summary.splitlines() if line.strip().startswith("late ")]
    assert late == [
        "late           late1s: submitted 2026-11-30 23:00:01 UTC, 0:00:01 after the due date "
        "2026-11-30 23:00:00 UTC; late penalty 1.4 of 14 points",
        "late           late20d: submitted 2026-12-20 12:00:00 UTC, 19 days, 13:00:00 after the due date "
        "2026-11-30 23:00:00 UTC; late penalty 12 of 14 points",
        "late           late2d: submitted 2026-12-02 23:00:00 UTC, 2 days, 0:00:00 after the due date "
        "2026-11-30 23:00:00 UTC; late penalty 2.8 of 14 points",
    ]
    nbgrader(course, "export", "--to", str(course / "grades.csv"))  # `make grades`
    with open(course / "grades.csv", newline="") as grades:
        rows = {row["student_id"]: row for row in csv.DictReader(grades)}
    columns = ("duedate", "timestamp", "raw_score", "late_submission_penalty", "score", "max_score")
    assert {student: tuple(row[key] for key in columns) for student, row in rows.items()} == {
        "ontime": ("2026-11-30 23:00:00", "2026-11-30 22:59:00", "12.0", "0.0", "12.0", "14.0"),
        "late1s": ("2026-11-30 23:00:00", "2026-11-30 23:00:01", "12.0", "1.4", "10.6", "14.0"),
        "late2d": ("2026-11-30 23:00:00", "2026-12-02 23:00:00", "12.0", "2.8", "9.2", "14.0"),
        "late20d": ("2026-11-30 23:00:00", "2026-12-20 12:00:00", "12.0", "12.0", "0.0", "14.0"),
    }
    run(course, "autograder.pipeline.generate_feedback", ASSIGNMENT, "--student", "late2d")
    page = (course / "feedback" / "late2d" / ASSIGNMENT / "sequential_model.html").read_text(encoding="utf-8")
    assert "(Score: 9.2 / 14.0)" in page and "Late submission penalty (Score: -2.8)" in page


@pytest.mark.parametrize("due, message", [
    ("2026-12-01 23:59", "course_config.ASSIGNMENTS['x']['due'] is '2026-12-01 23:59', which has no time zone: "
                         "add one, e.g. '+00:00' for UTC"),
    ("next friday", "course_config.ASSIGNMENTS['x']['due'] is 'next friday', not an ISO 8601 date and time such as "
                    "'2026-12-07T23:59:00+01:00'"),
])
def test_a_due_date_without_time_zone_is_refused_in_one_sentence(due, message):
    with pytest.raises(ValueError) as raised:
        parse_due("x", due)
    assert str(raised.value) == message


def test_a_bad_due_date_stops_every_nbgrader_command(tmp_path):
    """A broken environment stops before grading anyone: nbgrader reads the config first."""
    for name in ("course_config.py", "nbgrader_config.py"):
        shutil.copy(REPO / name, tmp_path / name)
    with open(tmp_path / "course_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nASSIGNMENTS[{ASSIGNMENT!r}]['due'] = '2026-12-01'\n")
    result = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert ("ValueError: course_config.ASSIGNMENTS['02_sequential_model']['due'] is '2026-12-01', which has no "
            "time zone: add one, e.g. '+00:00' for UTC") in result.stderr
