"""The whole nbgrader cycle on a temporary copy of the course.

generate_assignment -> sample submissions -> batch autograde (sandboxed
kernels, `make autograde`) -> generate_feedback -> export, then: every
student's score per task equals the golden file, the feedback says what is
wrong and never shows hidden tests, the committed release/ is what source/
generates, and nbgrader's own validate agrees (source passes, untouched
release fails). The same submissions graded by stock nbgrader (its own
Execute, hidden tests inside the student's kernel) give the same grades.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_course
from nbgrader.api import Gradebook
from sample_submissions import place_sample_submissions

import course_config

GOLDEN = REPO / "tests" / "submissions" / "expected_scores.json"


def run(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m <args>` in the course folder, as `make` runs it; it must succeed."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", **(env or {}))
    result = subprocess.run([sys.executable, "-m", *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def nbgrader(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run(course, "nbgrader", *args, env=env)


def new_course(root: Path) -> Path:
    copy_course(root)
    for assignment in course_config.ASSIGNMENTS:
        nbgrader(root, "generate_assignment", assignment, "--force")
    place_sample_submissions(root)
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = new_course(tmp_path_factory.mktemp("course"))
    for assignment in course_config.ASSIGNMENTS:
        run(root, "autograder.pipeline.batch_autograde", assignment)
        nbgrader(root, "generate_feedback", assignment, "--force")
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    return root


@pytest.fixture(scope="module")
def stock_course(tmp_path_factory) -> Path:
    root = new_course(tmp_path_factory.mktemp("stock"))
    for assignment in course_config.ASSIGNMENTS:
        nbgrader(root, "autograde", assignment, "--force", env={"AUTOGRADER_EXECUTOR": "stock"})
    return root


def task_scores(course: Path) -> dict:
    """{student: {assignment: {grade_id: score or None}}} from the course's gradebook."""
    scores: dict = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        for assignment, spec in course_config.ASSIGNMENTS.items():
            notebook = Path(spec["notebook"]).stem
            for submission in gradebook.notebook_submissions(notebook, assignment):
                grades = {grade.name: grade for grade in submission.grades}
                scores.setdefault(submission.student.id, {})[assignment] = {
                    grade_id: grades[grade_id].auto_score for grade_id in spec["points"]}
    return scores


def test_scores_per_task_match_the_golden_file(course):
    scores = task_scores(course)
    if os.environ.get("UPDATE_GOLDENS"):
        GOLDEN.write_text(json.dumps(scores, indent=2, sort_keys=True) + "\n")
    assert scores == json.loads(GOLDEN.read_text())


def test_stock_nbgrader_gives_the_same_grades(course, stock_course):
    assert task_scores(stock_course) == task_scores(course)


def test_grades_csv_has_every_submission(course):
    with open(course / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(list((REPO / "tests/submissions" / a).glob("*.py"))) for a in course_config.ASSIGNMENTS)


def feedback_text(course: Path, student: str, assignment: str) -> str:
    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).with_suffix(".html").name
    page = (course / "feedback" / student / assignment / notebook).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("student, assignment, sentence", [
    ("cara", "02_sequential_model",
     "✗ Layer 3 (Dense) of `model` uses activation 'softmax'; this output should give an independent "
     "probability between 0 and 1 for each of its 2 units."),
    ("eve", "02_sequential_model",
     "✗ `model` is not defined: the cell that builds it raised ModuleNotFoundError: "
     "No module named 'tensroflow'"),
    ("dan", "01_dense_layer",
     "raised AttributeError: module 'numpy' has no attribute 'maxiumum'"),
    ("ben", "03_activations",
     "✗ `hidden_activation['rnn']` is 'relu'. "),
])
def test_feedback_says_what_is_wrong(course, student, assignment, sentence):
    assert sentence in feedback_text(course, student, assignment)


@pytest.mark.parametrize("assignment", list(course_config.ASSIGNMENTS))
def test_feedback_never_shows_hidden_tests(course, assignment):
    for page in (course / "feedback").glob(f"*/{assignment}/*.html"):
        text = feedback_text(course, page.parts[-3], assignment)
        assert "BEGIN HIDDEN TESTS" not in text
        assert not re.search(r"check_\w+\(", text), f"{page} shows a hidden check call"
        assert "# (hidden tests: their results are shown below)" in text


def test_committed_release_is_generated_from_source(course):
    for assignment, spec in course_config.ASSIGNMENTS.items():
        generated = (course / "release" / assignment / spec["notebook"]).read_bytes()
        committed = (REPO / "release" / assignment / spec["notebook"]).read_bytes()
        assert generated == committed, f"release/{assignment} is stale: run `make release` and commit it"


@pytest.mark.parametrize("assignment", list(course_config.ASSIGNMENTS))
def test_source_passes_its_own_tests_and_release_fails_them(course, assignment):
    notebook = course_config.ASSIGNMENTS[assignment]["notebook"]
    source = nbgrader(course, "validate", str(course / "source" / assignment / notebook))
    assert "Success! Your notebook passes all the tests." in source.stdout
    release = nbgrader(course, "validate", "--invert", str(course / "release" / assignment / notebook))
    assert "Success! The notebook does not pass any tests." in release.stdout
