"""Feedback pages: the lesson's picture survives grading, and formgrader's buttons write what `make feedback` writes.

One course of 02_sequential_model (the five sample students, as `nbgrader collect` leaves them: with
timestamp.txt and submission_secret.txt, and zoe, whose notebook is not JSON), graded once by the
batch grader. `make feedback`, nbgrader's API (what formgrader's Generate Feedback and Release
Feedback buttons call) and `nbgrader generate_feedback` must all give the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, copy_course
from test_course_pipeline import nbgrader, run

sys.path.insert(0, str(REPO / "scripts"))
from sample_submissions import place_sample_submissions, students  # noqa: E402

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
PAGE = "sequential_model.html"
SAMPLES = students(ASSIGNMENT)
DIAGRAM_ALT = next(cell.metadata["alt"] for cell in nbformat.read(REPO / "source" / ASSIGNMENT / NOTEBOOK, 4).cells
                   if cell.metadata.get("nbgrader", {}).get("grade_id") == "diagram_draw")
NOT_JSON = "your notebook is not valid JSON (line 3, column 5): it could not be opened"
# What formgrader does per request (nbgrader/server_extensions/formgrader/base.py: `api`), then one call.
API_CALL = """
import json, sys
from nbgrader.apps.api import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory

app = NbGrader()
app.load_config_file()
api = NbGraderAPI(CourseDirectory(parent=app), Authenticator(parent=app), parent=app)
method, *args = sys.argv[1:]
print(json.dumps(getattr(api, method)(*args)))
"""


def collected(folder: Path, student: str) -> None:
    """What `nbgrader collect` leaves beside a notebook."""
    (folder / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text(hashlib.sha256(student.encode()).hexdigest())


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feedback")
    copy_course(root)
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    place_sample_submissions(root, [ASSIGNMENT])
    zoe = root / "submitted" / "zoe" / ASSIGNMENT
    zoe.mkdir(parents=True)
    (zoe / NOTEBOOK).write_text('{"cells": [\n  1,\n    oops')
    for student in SAMPLES + ["zoe"]:
        collected(root / "submitted" / student / ASSIGNMENT, student)
    subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT], cwd=root,
                   capture_output=True, timeout=900, env=_env())
    return root


def _env() -> dict:
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")


def make_feedback(course: Path, *args: str) -> None:
    run(course, "autograder.pipeline.generate_feedback", ASSIGNMENT, *args)


def api(course: Path, method: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", API_CALL, method, *args], cwd=course, env=_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def pages(course: Path) -> dict[str, bytes]:
    """Every file under feedback/, by path."""
    root = course / "feedback"
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def images(page: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", page)]


def test_every_02_page_shows_the_lessons_picture(course):
    """The diagram "How about this model?" is in each autograded notebook and on each page, with its alt text."""
    make_feedback(course)
    for student in SAMPLES:
        autograded = nbformat.read(course / "autograded" / student / ASSIGNMENT / NOTEBOOK, 4)
        [drawn] = [cell for cell in autograded.cells
                   if cell.metadata.get("nbgrader", {}).get("grade_id") == "diagram_draw"]
        assert [sorted(output.get("data", {})) for output in drawn.outputs] == [["image/png", "text/plain"]]
        page = (course / "feedback" / student / ASSIGNMENT / PAGE).read_text(encoding="utf-8")
        lesson = [(html.unescape(image["alt"]), image["src"][:33]) for image in images(page)
                  if not html.unescape(image["alt"]).startswith(("submitted:", "expected:"))]  # the grader's own
        assert lesson == [(DIAGRAM_ALT, "data:image/png;base64,iVBORw0KGgo")], student
        assert "truncated" not in page, student


def test_formgrader_buttons_write_the_pages_make_feedback_writes(course):
    """Generate Feedback (all students, then one), the nbgrader command and `make feedback`: the same bytes,
    the refused notebook's page included; Release Feedback hands out exactly those pages."""
    shutil.rmtree(course / "feedback", ignore_errors=True)
    make_feedback(course)
    made = pages(course)
    assert sorted({name.split("/")[0] for name in made}) == SAMPLES + ["zoe"]
    zoe = made[f"zoe/{ASSIGNMENT}/{PAGE}"].decode()
    assert f"<p>Why: {html.escape(NOT_JSON)}.</p>" in zoe and "Score: 0 of 14 points" in zoe

    shutil.rmtree(course / "feedback")
    assert api(course, "generate_feedback", ASSIGNMENT)["success"]
    assert pages(course) == made

    shutil.rmtree(course / "feedback")
    for student in ("ada", "zoe"):  # the per-student button (each call starts nbgrader: two suffice)
        assert api(course, "generate_feedback", ASSIGNMENT, student)["success"], student
    assert pages(course) == {name: data for name, data in made.items() if name.split("/")[0] in ("ada", "zoe")}

    shutil.rmtree(course / "feedback")
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    assert pages(course) == made

    assert api(course, "release_feedback", ASSIGNMENT)["success"]
    released = course / "exchange" / "intro-keras" / "feedback"
    for student in SAMPLES + ["zoe"]:
        secret = (course / "submitted" / student / ASSIGNMENT / "submission_secret.txt").read_text()
        checksum = hashlib.md5((secret + Path(NOTEBOOK).stem).encode()).hexdigest()  # nbgrader's notebook_hash
        assert (released / f"{checksum}.html").read_bytes() == made[f"{student}/{ASSIGNMENT}/{PAGE}"], student


def test_generate_feedback_for_a_refused_student_alone(course):
    """Formgrader's per-student button for a student with no autograded notebook: the page that says why."""
    shutil.rmtree(course / "feedback", ignore_errors=True)
    result = api(course, "generate_feedback", ASSIGNMENT, "zoe")
    assert result["success"], result
    assert "zoe's notebook could not be graded; feedback/zoe/02_sequential_model/sequential_model.html says why" \
        in result["log"]
    assert sorted(path.name for path in (course / "feedback" / "zoe" / ASSIGNMENT).iterdir()) == [
        PAGE, "submission_secret.txt", "timestamp.txt"]
