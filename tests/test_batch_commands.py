"""`make autograde` as a new instructor meets it: before any release, with a mistake in the tests, for one
student, for an assignment that does not exist. Each on a fresh copy of the course."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from conftest import COURSE_FILES, REPO, copy_course
from nbgrader.api import Gradebook
from sample_submissions import place_sample_submissions
from test_course_pipeline import nbgrader, run, task_scores

import course_config

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"


def unreleased_course(root: Path) -> Path:
    """A fresh clone's course (release/ as committed) with the sample submissions, and no gradebook yet."""
    copy_course(root, [*COURSE_FILES, "release"])
    place_sample_submissions(root)
    return root


def batch(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900)


def golden(student: str, assignment: str) -> dict:
    return json.loads((REPO / "tests" / "submissions" / "expected_scores.json").read_text())[student][assignment]


def test_autograde_before_any_release_registers_the_assignment_from_source(tmp_path):
    course = unreleased_course(tmp_path)
    graded = batch(course, ASSIGNMENT)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert graded.stdout.startswith(
        f"{ASSIGNMENT} was not in the gradebook yet: registered it from source/{ASSIGNMENT}/ "
        f"(as `make release` does; release/ was not changed).\n")
    students = sorted(path.name for path in (course / "submitted").iterdir() if (path / ASSIGNMENT).is_dir())
    assert f"{ASSIGNMENT}: graded {len(students)} of {len(students)} in " in graded.stdout
    for released in (REPO / "release").rglob("*.ipynb"):
        assert (course / released.relative_to(REPO)).read_bytes() == released.read_bytes()
    assert {s: a[ASSIGNMENT] for s, a in task_scores(course).items()} == {s: golden(s, ASSIGNMENT) for s in students}


def test_points_that_disagree_in_source_are_not_registered(tmp_path):
    course = unreleased_course(tmp_path)
    config = course / "course_config.py"
    config.write_text(config.read_text().replace('"model_tests": 6,', '"model_tests": 7,'))
    refused = batch(course, ASSIGNMENT)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"Nothing was graded: {ASSIGNMENT} is not in the gradebook yet, and its points in source/ disagree with "
        f"course_config.ASSIGNMENTS, so it was not registered: source/{ASSIGNMENT}/{NOTEBOOK}, cell 'model_tests', "
        f"nbgrader metadata points: found 6, expected 7; source/{ASSIGNMENT}/{NOTEBOOK}, cell 'model_task', heading "
        f"of 'model_tests': found 6, expected 7; source/{ASSIGNMENT}/{NOTEBOOK}, cell 'model_tests', docstring: "
        f"found 6, expected 7; source/{ASSIGNMENT}/{NOTEBOOK}, cell 'model_tests', check_model(..., points=): "
        f"found 6, expected 7.\n")


def test_a_mistake_in_the_tests_stops_the_batch_before_any_grade_changes(tmp_path):
    """A hidden call whose points disagree with nbgrader's, and one with a parameter no check has, released
    past `make release`'s check: the batch names both and grades, records and writes nothing."""
    course = unreleased_course(tmp_path)
    source = course / "source" / ASSIGNMENT / NOTEBOOK
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "model_tests":
            cell.source = cell.source.replace("points=6", "points=5")
        if grade_id == "diagram_model_tests":
            cell.source = cell.source.replace("points=6", "points=6, colour='red'")
    nbformat.write(notebook, source)
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    stopped = batch(course, ASSIGNMENT)
    assert stopped.returncode == 2
    assert stopped.stdout == ""
    assert stopped.stderr == (
        f"Nothing was graded: the tests of {ASSIGNMENT} have 2 mistake(s), as the gradebook keeps them; fix "
        f"source/{ASSIGNMENT}/, run `make release`, then grade again:\n"
        f"  cell 'model_tests': check_model(..., points=5) but nbgrader's points for the cell are 6; they must agree "
        f"(course_config.ASSIGNMENTS is the one place for points, `make release` checks it)\n"
        f"  cell 'diagram_model_tests': check_model('diagram_model', ...) has no parameter colour\n")
    assert not (course / "autograded").exists()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        assert gradebook.find_assignment(ASSIGNMENT).submissions == []


def test_one_students_grade_shows_their_score_per_task(tmp_path):
    course = unreleased_course(tmp_path)
    run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT)
    again = run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT).stdout
    students = len([path for path in (course / "submitted").iterdir() if (path / ASSIGNMENT).is_dir()])
    assert again == f"All {students} submissions of {ASSIGNMENT} are already graded (ALL=1 regrades them).\n"
    graded = run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT, "--student", "ada").stdout
    expected = golden("ada", ASSIGNMENT)  # her free-text answer waits for a TA
    assert graded.splitlines()[-1] == (
        f"  scores         ada: model_tests {expected['model_tests']:g}/6, diagram_model_tests "
        f"{expected['diagram_model_tests']:g}/6, sequential_free_text -/2; total "
        f"{expected['model_tests'] + expected['diagram_model_tests']:g} of 14 ('-': sequential_free_text waits for "
        f"a TA in formgrader)")
    unanswered = run(course, "autograder.pipeline.batch_autograde", ASSIGNMENT, "--student", "cara").stdout
    expected = golden("cara", ASSIGNMENT)  # she left the free text as given: nbgrader scores it 0
    assert unanswered.splitlines()[-1] == (
        f"  scores         cara: model_tests {expected['model_tests']:g}/6, diagram_model_tests "
        f"{expected['diagram_model_tests']:g}/6, sequential_free_text 0/2; total "
        f"{expected['model_tests'] + expected['diagram_model_tests']:g} of 14")


def test_an_assignment_that_does_not_exist_is_named_with_the_ones_that_do(tmp_path):
    course = unreleased_course(tmp_path)
    refused = batch(course, "04_optimizers")
    assert refused.returncode == 2
    assert refused.stderr == (f"Nothing was graded: 04_optimizers is not an assignment of this course: "
                              f"course_config.ASSIGNMENTS has {', '.join(course_config.ASSIGNMENTS)}.\n")
