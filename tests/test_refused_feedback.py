"""The "could not be graded" feedback page, and the records it is written from."""

from __future__ import annotations

import html
import re

from autograder.pipeline.refused_feedback import refused_page, write_refused_pages
from autograder.pipeline.ungraded_records import read_records, record_path, remove_record, write_record

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
REASON = "your notebook is not valid JSON (line 3, column 5): it could not be opened"


def page_text(page: str) -> str:
    """What a browser shows of `page`: its text, tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_page_says_what_happened_what_it_scored_and_what_to_do():
    lines = page_text(refused_page(ASSIGNMENT, NOTEBOOK, REASON, 14)).split("\n")
    assert [line for line in lines if line.strip()] == [
        "02_sequential_model: sequential_model.ipynb could not be graded",
        "body { font-family: sans-serif; max-width: 42em; margin: 2em auto; line-height: 1.5; }",
        "sequential_model.ipynb could not be graded",
        "Your notebook sequential_model.ipynb for 02_sequential_model could not be graded.",
        "Why: your notebook is not valid JSON (line 3, column 5): it could not be opened.",
        "Score: 0 of 14 points for this notebook: none of its tests ran.",
        "What to do: fix this and submit your notebook again; it is then graded anew. Starting from a fresh copy "
        "of the assignment's notebook and pasting your answers back in fixes most such problems. If you do not see "
        "what is wrong, ask the course staff.",
    ]


def test_page_escapes_every_text_it_shows():
    reason = "its folder holds <script>alert('x')</script> & <img src=x onerror=alert(1)>"
    page = refused_page("<b>01</b>", "a\"<i>.ipynb", reason, 9.5)
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert f"Why: {reason}." in page_text(page)
    assert "Score: 0 of 9.5 points for this notebook: none of its tests ran." in page_text(page)


def test_records_are_written_read_and_removed(tmp_path):
    write_record(tmp_path, "eve", ASSIGNMENT, REASON)
    write_record(tmp_path, "dan", ASSIGNMENT, "its folder holds a symbolic link, notes.txt, which the grader does not follow")
    write_record(tmp_path, "dan", "01_dense_layer", "it has no dense_layer.ipynb")
    assert record_path(tmp_path, "eve", ASSIGNMENT) == tmp_path / "autograded" / "eve" / ".02_sequential_model.not-graded.json"
    assert read_records(tmp_path, ASSIGNMENT) == {
        "dan": "its folder holds a symbolic link, notes.txt, which the grader does not follow", "eve": REASON}
    assert read_records(tmp_path, ASSIGNMENT, "eve") == {"eve": REASON}
    remove_record(tmp_path, "eve", ASSIGNMENT)
    remove_record(tmp_path, "eve", ASSIGNMENT)  # already gone: nothing to do
    assert read_records(tmp_path, ASSIGNMENT) == {
        "dan": "its folder holds a symbolic link, notes.txt, which the grader does not follow"}
    assert read_records(tmp_path, ASSIGNMENT, "eve") == {}


def test_a_page_per_record_replacing_the_old_feedback(tmp_path):
    write_record(tmp_path, "eve", ASSIGNMENT, REASON)
    old = tmp_path / "feedback" / "eve" / ASSIGNMENT
    old.mkdir(parents=True)
    (old / "sequential_model.html").write_text("<p>model: 6 of 6 points</p>")
    (old / "notes.txt").write_text("from an earlier submission")

    written = write_refused_pages(tmp_path, ASSIGNMENT, NOTEBOOK, 14)

    assert written == {"eve": old / "sequential_model.html"}
    assert sorted(path.name for path in old.iterdir()) == ["sequential_model.html"]
    assert (old / "sequential_model.html").read_text(encoding="utf-8") == refused_page(ASSIGNMENT, NOTEBOOK, REASON, 14)


def test_a_record_of_a_student_graded_since_is_removed_and_nbgrader_page_stands(tmp_path):
    """Regraded by plain `nbgrader autograde` (the batch grader removes the record itself)."""
    write_record(tmp_path, "ada", ASSIGNMENT, REASON)
    graded = tmp_path / "autograded" / "ada" / ASSIGNMENT / NOTEBOOK
    graded.parent.mkdir(parents=True)
    graded.write_text("{}")
    page = tmp_path / "feedback" / "ada" / ASSIGNMENT / "sequential_model.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>model: 6 of 6 points</p>")

    assert write_refused_pages(tmp_path, ASSIGNMENT, NOTEBOOK, 14) == {}
    assert read_records(tmp_path, ASSIGNMENT) == {}
    assert page.read_text() == "<p>model: 6 of 6 points</p>"


def test_only_the_given_student(tmp_path):
    write_record(tmp_path, "eve", ASSIGNMENT, REASON)
    write_record(tmp_path, "dan", ASSIGNMENT, REASON)
    assert list(write_refused_pages(tmp_path, ASSIGNMENT, NOTEBOOK, 14, student="dan")) == ["dan"]
    assert not (tmp_path / "feedback" / "eve").exists()
