"""Points in one place: `make release` refuses a course whose points disagree with course_config.py.

Each test changes one place in a scratch copy of the course (the grade cell's
nbgrader metadata, the hidden call's points=, the docstring, the heading,
course_config.ASSIGNMENTS) and expects the sentence that names it.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from test_student_package import make, scratch_course

HEADER = ("make release: {n} place(s) disagree with course_config.ASSIGNMENTS, the one place for points; "
          "nothing was released. Make each of them say what course_config.py says:")
SEQUENTIAL = "source/02_sequential_model/sequential_model.ipynb"


def check(course) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder.pipeline.points_agreement"], cwd=course,
                          capture_output=True, text=True, timeout=120)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def course(tmp_path):
    return scratch_course(tmp_path, "Makefile", "requirements.txt", "pyproject.toml", "course_config.py",
                          "nbgrader_config.py", "source", "release")


def test_the_course_as_committed_agrees(course):
    result = check(course)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def edit_cell(course, grade_id: str, old: str | None = None, new: str | None = None, points=None) -> None:
    """Change one cell of the 02_sequential_model source notebook: a text in its source, or its nbgrader points."""
    path = course / SEQUENTIAL
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    if points is not None:
        cell.metadata.nbgrader["points"] = points
    else:
        assert cell.source.count(old) == 1
        cell.source = cell.source.replace(old, new)
    nbformat.write(notebook, path)


@pytest.mark.parametrize("change, lines", [
    (dict(grade_id="model_tests", points=5),
     [f"{SEQUENTIAL}, cell 'model_tests', nbgrader metadata points: found 5, expected 6"]),
    (dict(grade_id="model_tests", old="points=6,", new="points=5,"),
     [f"{SEQUENTIAL}, cell 'model_tests', check_model(..., points=): found 5, expected 6"]),
    (dict(grade_id="model_tests", old="(6 points)", new="(5 points)"),
     [f"{SEQUENTIAL}, cell 'model_tests', docstring: found 5, expected 6"]),
    (dict(grade_id="diagram_model_task", old="(6 points)", new="(7 points)"),
     [f"{SEQUENTIAL}, cell 'diagram_model_task', heading of 'diagram_model_tests': found 7, expected 6"]),
    (dict(grade_id="model_tests", old="points=6,", new="points=POINTS,"),
     [f"{SEQUENTIAL}, cell 'model_tests', hidden call: found: every argument of check_model(...) must be a "
      "literal (malformed node or string on line 6: <ast.Name object at 0x"]),
])
def test_each_place_that_disagrees_is_named(course, change, lines):
    edit_cell(course, **change)
    result = check(course)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == HEADER.format(n=len(lines))
    assert [line[:len(want) + 2] for line, want in zip(result.stderr.splitlines()[1:], lines)] == [
        f"  {line}" for line in lines]
    assert len(result.stderr.splitlines()) == len(lines) + 1


@pytest.mark.parametrize("old, new, lines", [
    ('"model_tests": 6,', '"model_tests": 8,',
     [f"{SEQUENTIAL}, cell 'model_tests', nbgrader metadata points: found 6, expected 8",
      f"{SEQUENTIAL}, cell 'model_task', heading of 'model_tests': found 6, expected 8",
      f"{SEQUENTIAL}, cell 'model_tests', docstring: found 6, expected 8",
      f"{SEQUENTIAL}, cell 'model_tests', check_model(..., points=): found 6, expected 8"]),
    ('"sequential_free_text": 2,', '"sequential_free_text": 2, "extra_tests": 1,',
     [f"{SEQUENTIAL}, cell 'extra_tests', grade cell: found none with this grade_id, expected one worth 1 points "
      "(course_config.ASSIGNMENTS['02_sequential_model']['points'])"]),
    ('"diagram_model_tests": 6,\n', "",
     [f"{SEQUENTIAL}, cell 'diagram_model_tests', grade cell worth 6 points: found no entry 'diagram_model_tests' "
      "in course_config.ASSIGNMENTS['02_sequential_model']['points'], expected one"]),
])
def test_course_config_is_the_one_source_of_truth(course, old, new, lines):
    edit(course / "course_config.py", old, new)
    result = check(course)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [HEADER.format(n=len(lines))] + [f"  {line}" for line in lines]


def test_make_release_refuses_and_releases_nothing(course):
    edit_cell(course, "model_tests", "points=6,", "points=4,")
    before = {path: path.read_bytes() for path in (course / "release").rglob("*.ipynb")}
    result = make(course, "release")
    assert result.returncode != 0
    assert result.stderr.splitlines()[:2] == [
        HEADER.format(n=1), f"  {SEQUENTIAL}, cell 'model_tests', check_model(..., points=): found 4, expected 6"]
    assert "generate_assignment" not in result.stdout
    assert {path: path.read_bytes() for path in (course / "release").rglob("*.ipynb")} == before
