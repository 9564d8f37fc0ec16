"""`make demo` grades the sample students in a scratch course, quietly, and leaves the real course alone.

The demo runs from a scratch copy of the repository whose real course has a
submission, a gradebook and a grades.csv of its own: after the demo they are
byte for byte what they were, the demo's own course holds the grades, and the
demo printed at most 60 lines (no nbgrader log line, no SQLAlchemy warning).
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
from pathlib import Path

import pytest

from test_student_package import make, scratch_course

COURSE = ["Makefile", "requirements.txt", "pyproject.toml", "course_config.py", "nbgrader_config.py", "source",
          "scripts", "tests/submissions"]


def real_course(root: Path) -> dict[Path, bytes]:
    """A real submission, gradebook and grades.csv in the scratch repository: {path: bytes}."""
    files = {root / "submitted" / "zoe" / "01_dense_layer" / "dense_layer.ipynb": b'{"cells": []}',
             root / "gradebook.db": b"the real gradebook", root / "grades.csv": b"student,score\nzoe,10\n"}
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


PROGRESS = re.compile(r"(grading \S+): +\d+%\|")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = scratch_course(tmp_path_factory.mktemp("repo"), *COURSE)
    files = real_course(root)
    demo_dir = tmp_path_factory.mktemp("scratch") / "demo"
    result = make(root, "demo", f"DEMO_DIR={demo_dir}")
    return root, files, demo_dir, result


def test_the_demo_succeeds_and_says_where_it_runs(demo):
    root, _, demo_dir, result = demo
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:3] == [
        f"Demo course: {demo_dir} (a scratch copy of this course, replaced on every run).",
        f"WARNING: {root / 'submitted'} holds real submissions (1 student); "
        "the demo does not touch them, gradebook.db or grades.csv.",
        "Released 01_dense_layer, 02_sequential_model, 03_activations; "
        "grading the sample students of tests/submissions/.",
    ]
    assert result.stdout.splitlines()[-2:] == [
        f"Feedback pages: {demo_dir / 'feedback'}/<student>/<assignment>/*.html",
        f"All grades:     {demo_dir / 'grades.csv'}"]


def test_the_demo_prints_at_most_60_lines_and_no_logs(demo):
    *_, result = demo
    printed = result.stdout + result.stderr
    # Lines as a terminal shows them: a progress bar is one line, however often it was redrawn (with '\r',
    # or on a new line where tqdm cannot redraw).
    shown = [line for line in printed.replace("\r", "\n").splitlines() if not PROGRESS.match(line)]
    bars = len(set(PROGRESS.findall(printed)))
    assert (bars, len(shown) + bars <= 60) == (3, True), printed
    assert "SAWarning" not in printed
    assert "| INFO]" not in printed and "| WARNING]" not in printed
    assert "02_sequential_model: graded 5 of 5 in " in result.stdout


def test_the_demo_prints_the_scores(demo):
    *_, result = demo
    lines = result.stdout.splitlines()
    table = lines[lines.index("02_sequential_model (sequential_model.ipynb)"):][:7]
    assert table == [
        "02_sequential_model (sequential_model.ipynb)",
        "student  model (6)  diagram_model (6)  sequential_free_text (2)  total (14)",
        "ada              6                  6                         -          12",
        "ben              6                  6                         0          12",
        "cara          5.67                4.5                         0       10.17",
        "dan              5                  4                         0           9",
        "eve              0                5.5                         0         5.5",
    ]


def test_the_real_course_is_left_alone(demo):
    root, files, demo_dir, _ = demo
    assert {path: path.read_bytes() for path in files} == files
    assert not [name for name in ("autograded", "feedback", "release") if (root / name).exists()]
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["zoe"]
    with open(demo_dir / "grades.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 15
    assert len(list((demo_dir / "feedback").glob("*/02_sequential_model/sequential_model.html"))) == 5


def test_the_demo_refuses_a_folder_that_is_not_its_own(tmp_path):
    root = scratch_course(tmp_path / "repo", *COURSE)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me")
    refused = make(root, "demo", f"DEMO_DIR={tmp_path / 'notes'}")
    assert refused.returncode != 0
    assert refused.stderr.splitlines()[0] == (
        f"make demo: {tmp_path / 'notes'} is not empty and is not a demo course (it has no .demo-course); "
        "choose another DEMO_DIR, nothing was changed.")
    assert (tmp_path / "notes" / "todo.txt").read_text() == "keep me"
    into_course = make(root, "demo", "DEMO_DIR=.")
    assert into_course.stderr.splitlines()[0] == (
        f"make demo: {root} holds the real course; the demo needs a folder of its own "
        "(DEMO_DIR=<an empty or demo folder>), nothing was changed.")


def test_the_first_run_says_in_one_line_that_it_sets_up_the_venv(tmp_path):
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        (tmp_path / name).write_bytes((Path(__file__).parents[1] / name).read_bytes())
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    planned = subprocess.run(["make", "--no-print-directory", "-n", "demo"], cwd=tmp_path, env=env,
                             capture_output=True, text=True).stdout
    assert planned.splitlines()[0] == (
        'echo "Setting up .venv (Python 3.11, requirements.txt, this autograder): this takes a few minutes, once."')
    assert [line for line in planned.splitlines() if "pip install" in line] == [
        ".venv/bin/python -m pip install -q -r requirements.txt", ".venv/bin/python -m pip install -q -e ."]
