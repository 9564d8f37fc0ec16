"""The batch grader (`make autograde`): same grades as plain nbgrader, only what needs grading."""

from __future__ import annotations

import re
import shutil

import pytest

from test_course_pipeline import new_course, nbgrader, run, task_scores

ASSIGNMENT = "02_sequential_model"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = new_course(tmp_path_factory.mktemp("batch"))
    for student in ("ada", "cara", "eve"):  # more students: copies of real ones
        shutil.copytree(root / "submitted" / student, root / "submitted" / f"{student}2")
    return root


def grade(course, *args: str) -> str:
    return run(course, "autograder.batch_autograde", ASSIGNMENT, *args).stdout


def graded_students(summary: str) -> tuple[int, int]:
    found = re.search(r"graded (\d+) of (\d+)", summary)
    return int(found.group(1)), int(found.group(2))


def test_batch_grades_equal_sequential_nbgrader(course, tmp_path):
    summary = grade(course, "--all")
    assert graded_students(summary) == (8, 8)
    batch = {s: a[ASSIGNMENT] for s, a in task_scores(course).items() if ASSIGNMENT in a}
    sequential = new_course(tmp_path)
    for student in ("ada", "cara", "eve"):
        shutil.copytree(sequential / "submitted" / student, sequential / "submitted" / f"{student}2")
    nbgrader(sequential, "autograde", ASSIGNMENT, "--force")
    assert {s: a[ASSIGNMENT] for s, a in task_scores(sequential).items() if ASSIGNMENT in a} == batch


def test_rerun_grades_only_new_or_changed_submissions(course):
    grade(course, "--all")
    assert "All 8 submissions of 02_sequential_model are already graded (use --all to regrade)." in grade(course)
    notebook = course / "submitted" / "cara2" / ASSIGNMENT / "sequential_model.ipynb"
    notebook.write_text(notebook.read_text().replace("Dense(2, activation='softmax')", "Dense(2, activation='sigmoid')"))
    (course / "autograded" / "eve2" / ASSIGNMENT / ".autograder-stamp.json").unlink()
    summary = grade(course)
    assert "graded 2 of 2" in summary and "6 unchanged, not regraded" in summary
    assert task_scores(course)["cara2"][ASSIGNMENT]["model_tests"] == 6.0


def test_one_student(course):
    summary = grade(course, "--student", "dan")
    assert graded_students(summary) == (1, 1)
    assert task_scores(course)["dan"][ASSIGNMENT]["model_tests"] == 5.0
