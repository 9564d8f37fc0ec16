"""The gradebook on a real PostgreSQL server (GRADEBOOK_URL=postgresql://...), started by the tests.

The sample class graded into PostgreSQL gets the same grades, export and
feedback as into SQLite; a TA's manual grades written through formgrader's HTTP
API while a batch regrades the class are all kept, and so are the autograded
scores; a server restart between two batches loses nothing; a server that is
down stops the batch before it grades anyone, in one sentence.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from nbgrader.api import Gradebook

from conftest import REPO
from postgres_server import free_port
from test_course_pipeline import feedback_text, nbgrader, new_course, run

import course_config
from sample_submissions import students

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = Path(course_config.ASSIGNMENTS[ASSIGNMENT]["notebook"]).stem
FREE_TEXT = "sequential_free_text"  # 2 points, graded by hand


def graded_course(root: Path, url: str | None) -> Path:
    """The sample class released, batch-graded, given feedback and exported, all with GRADEBOOK_URL=url."""
    with pytest.MonkeyPatch.context() as patch:
        if url:
            patch.setenv("GRADEBOOK_URL", url)
        new_course(root)
        for assignment in course_config.ASSIGNMENTS:
            run(root, "autograder.pipeline.batch_autograde", assignment)
            run(root, "autograder.pipeline.generate_feedback", assignment)
        nbgrader(root, "export", "--to", str(root / "grades.csv"))
    return root


@pytest.fixture(scope="module")
def postgres_course(tmp_path_factory, postgres) -> tuple[Path, str]:
    url = postgres.new_database("sample_class")
    return graded_course(tmp_path_factory.mktemp("postgres-course"), url), url


@pytest.fixture(scope="module")
def sqlite_course(tmp_path_factory) -> Path:
    return graded_course(tmp_path_factory.mktemp("sqlite-course"), None)


def grades(url: str) -> dict:
    """{(student, assignment, grade_id): (auto_score, manual_score)} of every submission in the gradebook."""
    found = {}
    with Gradebook(url, course_config.COURSE_ID) as gradebook:
        for assignment, spec in course_config.ASSIGNMENTS.items():
            for submission in gradebook.notebook_submissions(Path(spec["notebook"]).stem, assignment):
                for grade in submission.grades:
                    found[(submission.student.id, assignment, grade.name)] = (grade.auto_score, grade.manual_score)
    return found


def auto_scores(url: str) -> dict:
    return {key: auto for key, (auto, _manual) in grades(url).items()}


def test_postgres_grades_equal_sqlite_grades(postgres_course, sqlite_course):
    course, url = postgres_course
    in_postgres = auto_scores(url)
    assert len(in_postgres) == sum(len(students(a)) * len(spec["points"])
                                   for a, spec in course_config.ASSIGNMENTS.items())
    assert in_postgres == auto_scores(f"sqlite:///{sqlite_course / 'gradebook.db'}")
    assert not (course / "gradebook.db").exists(), "the PostgreSQL course wrote an SQLite gradebook too"


def test_postgres_export_and_feedback_equal_sqlite(postgres_course, sqlite_course):
    course, _url = postgres_course
    exported = {name: list(csv.DictReader(open(root / "grades.csv", newline="")))
                for name, root in (("postgres", course), ("sqlite", sqlite_course))}
    assert exported["postgres"] == exported["sqlite"]
    for assignment in course_config.ASSIGNMENTS:
        for student in students(assignment):
            assert feedback_text(course, student, assignment) == feedback_text(sqlite_course, student, assignment)


class Formgrader:
    """nbgrader's formgrader, as a TA's browser talks to it: a Jupyter server on 127.0.0.1 in the course folder."""

    def __init__(self, course: Path, url: str, runtime: Path):
        self.port, self.token = free_port(), uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, GRADEBOOK_URL=url, JUPYTER_RUNTIME_DIR=str(runtime),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
             "--ServerApp.port_retries=0", "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
             f"--IdentityProvider.token={self.token}",
             '--ServerApp.jpserver_extensions={"nbgrader.server_extensions.formgrader": True}'],
            cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=open(runtime / "server.log", "w"))
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {self.token}"
        deadline = time.monotonic() + 120
        while True:
            assert self.process.poll() is None, (runtime / "server.log").read_text()
            try:
                if self.http.get(f"{self.base}/formgrader/api/status", timeout=5).ok:
                    return
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "formgrader did not answer within 120 s"
            time.sleep(0.2)

    def api(self, method: str, path: str, **kwargs):
        response = self.http.request(method, f"{self.base}/formgrader/api/{path}", timeout=30, **kwargs)
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response.json()

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_manual_grades_written_in_formgrader_during_a_batch_are_kept(postgres_course, tmp_path):
    course, url = postgres_course
    formgrader = Formgrader(course, url, tmp_path)
    try:
        free_text = {}  # student -> formgrader's id of their free-text grade
        for submission in formgrader.api("GET", f"submitted_notebooks/{ASSIGNMENT}/{NOTEBOOK}"):
            cell_grades = formgrader.api("GET", "grades", params={"submission_id": submission["id"]})
            free_text[submission["student"]] = next(g["id"] for g in cell_grades if g["name"] == FREE_TEXT)
        assert sorted(free_text) == students(ASSIGNMENT)

        batch = subprocess.Popen([sys.executable, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT, "--all"],
                                 cwd=course, env=dict(os.environ, GRADEBOOK_URL=url),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        written, rounds_during_batch = {}, 0
        deadline = time.monotonic() + 600
        while batch.poll() is None and time.monotonic() < deadline:
            for i, (student, grade_id) in enumerate(sorted(free_text.items())):
                score = float((rounds_during_batch + i) % 5) / 2  # 0, 0.5, ... 2 points
                reply = formgrader.api("PUT", f"grade/{grade_id}", json={"manual_score": score})
                assert reply["manual_score"] == score
                written[student] = score
            rounds_during_batch += batch.poll() is None
        output, _ = batch.communicate(timeout=600)
    finally:
        formgrader.close()

    assert batch.returncode == 0, output
    assert f"graded {len(free_text)} of {len(free_text)}" in output
    assert rounds_during_batch >= 3, f"only {rounds_during_batch} rounds of manual grades overlapped the batch"
    after = grades(url)
    assert {student: after[(student, ASSIGNMENT, FREE_TEXT)][1] for student in free_text} == written
    expected = {key: auto for key, (auto, _manual) in after.items() if key[1] == ASSIGNMENT}
    assert expected == {key: auto for key, auto in auto_scores_golden().items() if key[1] == ASSIGNMENT}


def auto_scores_golden() -> dict:
    """The golden file's scores (tests/submissions/expected_scores.json, which SQLite grading must match)."""
    import json

    golden = json.loads((REPO / "tests" / "submissions" / "expected_scores.json").read_text())
    return {(student, assignment, grade_id): score
            for student, by_assignment in golden.items()
            for assignment, by_grade in by_assignment.items()
            for grade_id, score in by_grade.items()}


def test_a_server_restart_between_two_batches_loses_nothing(postgres_course, postgres):
    course, url = postgres_course
    before = grades(url)
    postgres.restart()
    summary = run(course, "autograder.pipeline.batch_autograde", "03_activations", "--all",
                  env={"GRADEBOOK_URL": url}).stdout
    assert f"graded {len(students('03_activations'))} of" in summary
    assert grades(url) == before
    assert auto_scores(url) == auto_scores_golden()


def test_a_server_that_is_down_stops_the_batch_before_anyone_is_graded(postgres_course, postgres):
    course, url = postgres_course
    before = grades(url)
    autograded = {path: path.stat().st_mtime_ns for path in (course / "autograded").rglob("*")}
    postgres.stop()
    try:
        result = subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT, "--all"],
                                cwd=course, env=dict(os.environ, GRADEBOOK_URL=url),
                                capture_output=True, text=True, timeout=300)
    finally:
        postgres.start()
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Nothing was graded: the gradebook at {url} cannot be reached (connection failed: connection to server at "
        f'"127.0.0.1", port {postgres.port} failed: Connection refused; '
        "Is the server running on that host and accepting TCP/IP connections?).\n")
    assert {path: path.stat().st_mtime_ns for path in (course / "autograded").rglob("*")} == autograded
    assert grades(url) == before
