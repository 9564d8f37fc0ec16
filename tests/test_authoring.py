"""AUTHORING.md's worked example, followed to the letter on a scratch copy of the course.

`make new-assignment` makes a skeleton that releases and validates; the
guide's cells, points and sample students (its tagged code blocks) make a
fourth assignment of it, and grading that assignment gives the scores the
guide states.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.api import Gradebook

from conftest import REPO
from test_student_package import make, scratch_course

ASSIGNMENT, NOTEBOOK = "04_optimizers", "optimizers.ipynb"
BLOCK = re.compile(r"^```(\w+) ((?:cell|file|scores)=[^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def guide_blocks() -> list[tuple[str, str, str]]:
    """(language, info, text) of every tagged block of AUTHORING.md's worked example."""
    guide = (REPO / "AUTHORING.md").read_text(encoding="utf-8")
    return BLOCK.findall(guide[guide.index("## 5. Worked example"):])


def guide_cell(grade_id: str, info: str, text: str):
    """A cell with the metadata AUTHORING.md's table gives cells whose grade id ends like `grade_id`."""
    base = {"grade_id": grade_id, "schema_version": 3, "task": False}
    if grade_id.endswith("_task"):
        return new_markdown_cell(text.strip(), metadata={"nbgrader": {
            **base, "grade": False, "solution": False, "locked": True}})
    if grade_id.endswith("_answer"):
        return new_code_cell(text.strip(), metadata={"nbgrader": {
            **base, "grade": False, "solution": True, "locked": False}})
    assert grade_id.endswith("_tests"), grade_id
    points = float(re.search(r"points=(\S+)", info).group(1))
    return new_code_cell(text.strip(), metadata={"nbgrader": {
        **base, "grade": True, "solution": False, "locked": True, "points": points}})


def follow_the_guide(course: Path) -> dict[str, dict[str, str]]:
    """Apply the guide's blocks to the skeleton; the guide's scores table, {student: {grade_id: score}}."""
    path = course / "source" / ASSIGNMENT / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    after = next(i for i, c in enumerate(notebook.cells) if c.metadata["nbgrader"]["grade_id"] == "count_params_tests")
    scores = {}
    for _language, info, text in guide_blocks():
        key, _, value = info.partition("=")
        if key == "cell":
            grade_id = value.split()[0]
            after += 1
            notebook.cells.insert(after, guide_cell(grade_id, info, text))
        elif key == "file":
            target, _, anchor = value.partition(" after=")
            file = course / target
            if anchor:
                lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
                at = next(i for i, line in enumerate(lines) if anchor in line)
                file.write_text("".join(lines[:at + 1]) + text + "".join(lines[at + 1:]), encoding="utf-8")
            else:
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_text(text, encoding="utf-8")
        else:
            header, *rows = [line.split() for line in text.strip().splitlines()]
            scores = {row[0]: dict(zip(header[1:], row[1:])) for row in rows}
    nbformat.write(notebook, path)
    return scores


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A scratch course after `make new-assignment ID=04_optimizers`, and what make printed."""
    course = scratch_course(tmp_path_factory.mktemp("course"), "Makefile", "requirements.txt", "pyproject.toml",
                            "course_config.py", "nbgrader_config.py", "source", "release", "scripts",
                            "tests/submissions", "AUTHORING.md")
    return course, make(course, "new-assignment", f"ID={ASSIGNMENT}")


@pytest.fixture(scope="module")
def course(skeleton) -> Path:
    return skeleton[0]


def test_new_assignment_makes_a_skeleton_that_releases_and_validates(skeleton):
    course, created = skeleton
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[-2] == (
        f"Created source/{ASSIGNMENT}/{NOTEBOOK} (an example task and question) and added it to "
        "course_config.ASSIGNMENTS with points {'count_params_tests': 2, 'optimizers_free_text': 1}.")
    released = make(course, "release")
    assert released.returncode == 0, released.stderr
    source = nbgrader(course, "validate", f"source/{ASSIGNMENT}/{NOTEBOOK}")
    assert "Success! Your notebook passes all the tests." in source.stdout
    release = nbgrader(course, "validate", "--invert", f"release/{ASSIGNMENT}/{NOTEBOOK}")
    assert "Success! The notebook does not pass any tests." in release.stdout


def test_new_assignment_refuses_an_id_that_exists_or_is_malformed(course):
    again = make(course, "new-assignment", f"ID={ASSIGNMENT}")
    assert again.stderr.splitlines()[0] == (
        f"make new-assignment: {ASSIGNMENT} exists already (source/{ASSIGNMENT}/ or course_config.py); "
        "nothing was changed.")
    malformed = make(course, "new-assignment", "ID=Optimizers")
    assert malformed.stderr.splitlines()[0] == (
        "make new-assignment: ID must be a two-digit number, '_' and a lower-case name (e.g. ID=04_optimizers), "
        "not 'Optimizers'")


def test_the_guides_fourth_assignment_releases_validates_and_grades_as_the_guide_says(course):
    expected = follow_the_guide(course)
    released = make(course, "release")
    assert released.returncode == 0, released.stdout + released.stderr
    source = nbgrader(course, "validate", f"source/{ASSIGNMENT}/{NOTEBOOK}")
    assert "Success! Your notebook passes all the tests." in source.stdout
    release = nbgrader(course, "validate", "--invert", f"release/{ASSIGNMENT}/{NOTEBOOK}")
    assert "Success! The notebook does not pass any tests." in release.stdout
    subprocess.run([sys.executable, "scripts/sample_submissions.py"], cwd=course, check=True, capture_output=True)
    graded = make(course, "autograde", f"ASSIGNMENT={ASSIGNMENT}")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{ASSIGNMENT}: graded 2 of 2 in " in graded.stdout

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "intro-keras") as gradebook:
        for submission in gradebook.notebook_submissions(Path(NOTEBOOK).stem, ASSIGNMENT):
            scores[submission.student.id] = {
                grade.name: "-" if grade.auto_score is None and grade.manual_score is None else f"{grade.score:g}"
                for grade in submission.grades}
    assert scores == expected
    assert expected["ben"]["classifier_tests"] == "2.75"
