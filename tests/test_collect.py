"""`make collect`: submissions come from nbgrader's exchange; `make autograde` then grades only what is new.

The instructor releases 02_sequential_model into the course's exchange; a student (this process's
account, as nbgrader's exchange knows users by their OS account) fetches it, answers as ada does and
submits; `nbgrader collect --update` (the recipe of `make collect`) brings it into submitted/ with
nbgrader's timestamp; a resubmission replaces it and is graded anew; a renamed notebook is refused
at submission, and the submission before it stays.
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import copy_course
from test_course_pipeline import nbgrader, run, task_scores

from sample_submissions import SAMPLES, build_submission, read_answers

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
STUDENT = getpass.getuser()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("collect")
    copy_course(root)
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    nbgrader(root, "release_assignment", ASSIGNMENT)
    (root / "home").mkdir()
    return root


def student(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """An nbgrader command in the student's own folder, with the course's exchange."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--course", "intro-keras",
                             f"--Exchange.root={course / 'exchange'}", "--ExchangeSubmit.strict=True"],
                            cwd=course / "home", env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def answer_as(course: Path, sample: str) -> None:
    """The fetched notebook, answered as the sample student `sample` answers."""
    notebook = course / "home" / ASSIGNMENT / NOTEBOOK
    nbformat.write(build_submission(notebook, read_answers(SAMPLES / ASSIGNMENT / f"{sample}.py")), notebook)


def collect(course: Path) -> str:
    result = nbgrader(course, "collect", ASSIGNMENT, "--update")  # `make collect ASSIGNMENT=...`
    return result.stdout + result.stderr


def autograde(course: Path) -> str:
    return run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT).stdout


def total(course: Path) -> float:
    return round(sum(score or 0 for score in task_scores(course)[STUDENT][ASSIGNMENT].values()), 2)


def test_collect_then_autograde_grades_only_what_is_new(course):
    student(course, "fetch_assignment", ASSIGNMENT)
    answer_as(course, "ada")
    student(course, "submit", ASSIGNMENT)
    assert f"Collecting submission: {STUDENT} {ASSIGNMENT}" in collect(course)
    submitted = course / "submitted" / STUDENT / ASSIGNMENT
    assert sorted(path.name for path in submitted.iterdir()) == [NOTEBOOK, "submission_secret.txt", "timestamp.txt"]
    first_timestamp = (submitted / "timestamp.txt").read_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC", first_timestamp)

    assert re.search(r"graded 1 of 1 in", autograde(course))
    assert total(course) == 12.0
    assert f"No newer submission to collect: {STUDENT} {ASSIGNMENT}" in collect(course)
    assert f"All 1 submissions of {ASSIGNMENT} are already graded (ALL=1 regrades them)." in autograde(course)

    answer_as(course, "cara")  # resubmits, with a mistake and a file of notes
    (course / "home" / ASSIGNMENT / "notes.txt").write_text("try softmax?\n")
    student(course, "submit", ASSIGNMENT)
    assert f"Updating submission: {STUDENT} {ASSIGNMENT}" in collect(course)
    assert (submitted / "timestamp.txt").read_text() > first_timestamp
    summary = autograde(course)
    assert re.search(r"graded 1 of 1 in", summary)
    assert f"\n  extra files    {STUDENT}: notes.txt (kept with the submission, not graded)\n" in summary
    assert total(course) == 10.17


def test_a_renamed_notebook_is_refused_at_submission_and_nothing_is_lost(course):
    folder = course / "home" / ASSIGNMENT
    if not folder.is_dir():
        student(course, "fetch_assignment", ASSIGNMENT)
    before = sorted((course / "exchange" / "intro-keras" / "inbound").iterdir())
    (folder / NOTEBOOK).rename(folder / "my_model.ipynb")
    refused = student(course, "submit", ASSIGNMENT, check=False)
    assert refused.returncode != 0
    assert (f"Assignment {ASSIGNMENT} not submitted. There are missing notebooks for the submission:"
            in refused.stdout + refused.stderr)
    assert sorted((course / "exchange" / "intro-keras" / "inbound").iterdir()) == before
    assert (folder / "my_model.ipynb").is_file()
