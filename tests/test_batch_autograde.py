"""The batch grader (`make autograde`): same grades as plain nbgrader, only what needs grading."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_course_pipeline import feedback_text, nbgrader, new_course, run, task_scores

from autograder.pipeline.batch_autograde import _NbgraderErrors
from autograder.pipeline.ungraded_records import record_path

ASSIGNMENT = "02_sequential_model"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = new_course(tmp_path_factory.mktemp("batch"))
    for student in ("ada", "cara", "eve"):  # more students: copies of real ones
        shutil.copytree(root / "submitted" / student, root / "submitted" / f"{student}2")
    return root


def grade(course, *args: str) -> str:
    return run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT, *args).stdout


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
    assert "All 8 submissions of 02_sequential_model are already graded (ALL=1 regrades them)." in grade(course)
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


def test_nbgrader_refusals_are_kept_per_student():
    """The exception nbgrader was handling when it logged that it gave up on a submission."""
    errors, log = _NbgraderErrors(), logging.getLogger("test_nbgrader_refusals")
    log.addHandler(errors)
    try:
        raise RuntimeError("Inconsistent checksums for cell model_tests")
    except RuntimeError as error:
        log.error("There was an error processing assignment: %s", f"/course/submitted/zoe/{ASSIGNMENT}")
        log.error("There was an error processing assignment '%s' for student '%s'", ASSIGNMENT, "ada")
        refused = error
    finally:
        log.removeHandler(errors)
    log.error("There was an error processing assignment: %s", f"/course/submitted/ben/{ASSIGNMENT}")  # no exception
    assert errors.by_student == {"zoe": refused}


def test_a_notebook_that_could_not_be_graded_gets_a_page_until_it_is_fixed(tmp_path):
    """The batch records why, `make feedback` shows it; once the student resubmits a notebook that can be
    graded, the record is gone and nbgrader's page replaces that one."""
    course = new_course(tmp_path)
    notebook = course / "submitted" / "zoe" / ASSIGNMENT / "sequential_model.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text('{"cells": [\n  1,\n    oops')
    reason = "your notebook is not valid JSON (line 3, column 5): it could not be opened"

    refused = subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT, "--student", "zoe"],
                             cwd=course, capture_output=True, text=True, timeout=900,
                             env=dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"))
    assert refused.returncode == 0, "the student's to fix: the batch itself did its work"
    assert "Traceback" not in refused.stderr and "Traceback" not in refused.stdout  # it is in the log file
    assert f"\n  log            autograded/autograde-{ASSIGNMENT}.log (nbgrader's, in full)\n" in refused.stdout
    assert f"\n  failed         zoe: {reason}\n" in refused.stdout, refused.stdout + refused.stderr
    assert record_path(course, "zoe", ASSIGNMENT).is_file()
    run(course, "autograder.pipeline.generate_feedback", ASSIGNMENT, "--student", "zoe")
    assert f"\nWhy: {reason}.\n" in feedback_text(course, "zoe", ASSIGNMENT)

    shutil.copy(course / "submitted" / "ada" / ASSIGNMENT / "sequential_model.ipynb", notebook)
    assert graded_students(grade(course, "--student", "zoe")) == (1, 1)
    assert not record_path(course, "zoe", ASSIGNMENT).exists()
    run(course, "autograder.pipeline.generate_feedback", ASSIGNMENT, "--student", "zoe")
    text = feedback_text(course, "zoe", ASSIGNMENT)
    assert "could not be graded" not in text and "model: 6 of 6 points" in text


@pytest.mark.parametrize("change", ["rename", "move", "split"])
def test_renaming_or_moving_a_source_file_changes_the_assignment_digest(tmp_path, change):
    """Stamps record this digest: a renamed or moved file in source/<id>/ must regrade, like an edited one."""
    from autograder.pipeline.stamps import assignment_digest

    source = tmp_path / "source" / ASSIGNMENT
    (source / "data").mkdir(parents=True)
    (source / "data" / "a.csv").write_text("1,2\n")
    (source / "b.csv").write_text("3,4\n")
    before = assignment_digest(tmp_path, ASSIGNMENT)
    if change == "rename":
        (source / "data" / "a.csv").rename(source / "data" / "c.csv")
    elif change == "move":
        (source / "extra").mkdir()
        (source / "data" / "a.csv").rename(source / "extra" / "a.csv")
    else:  # the same bytes in the same order, cut between the two files elsewhere
        (source / "b.csv").write_text("3,4\n1")
        (source / "data" / "a.csv").write_text(",2\n")
    assert assignment_digest(tmp_path, ASSIGNMENT) != before


def test_a_malformed_hidden_test_is_never_the_students_fault(tmp_path):
    """An instructor's malformed hidden test stops the batch before any student is graded: no score, no record,
    no "could not be graded" page blames the student; the instructor is told which cell and what is wrong."""
    course = new_course(tmp_path)
    source = course / "source" / ASSIGNMENT / "sequential_model.ipynb"
    source.write_text(source.read_text().replace('check_model(\\"model\\", input_shape=',
                                                 'check_model(\\"model\\", input_dim=3, input_shape='))
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    result = subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT, "--student", "ada"],
                            cwd=course, capture_output=True, text=True, timeout=900,
                            env=dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Nothing was graded: the tests of {ASSIGNMENT} have 1 mistake(s), as the gradebook keeps them; fix "
        f"source/{ASSIGNMENT}/, run `make release`, then grade again:\n"
        f"  cell 'model_tests': check_model('model', ...) has no parameter input_dim\n")
    assert not record_path(course, "ada", ASSIGNMENT).exists()
    assert not (course / "autograded").exists() and "ada" not in task_scores(course)


def test_the_stock_executor_grades_without_the_sandbox(tmp_path):
    """AUTOGRADER_EXECUTOR=stock: nbgrader's own Execute grades, once; the summary says so, not 'sandbox'."""
    course = new_course(tmp_path)
    summary = run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT, "--student", "cara",
                  env={"AUTOGRADER_EXECUTOR": "stock"}).stdout
    assert graded_students(summary) == (1, 1)
    assert "executor: stock (nbgrader's Execute" in summary and "sandbox" not in summary
    assert task_scores(course)["cara"][ASSIGNMENT]["model_tests"] == 5.67
