"""The class report, the grade exports and the pictures in feedback, on the sample class.

The sample class of tests/submissions/ is graded as `make autograde` grades it, plus fay, who is
not on the roster and whose 02 folder holds a symbolic link (so she is not graded); then
`make feedback`, `make grades` and `make report` run on it. The report's numbers, the exports'
values and the pictures' alt text are checked exactly; the report and a feedback page are
opened in headless Chromium, their images must load, and the screenshots are kept in
e2e-screenshots/.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import shutil
from datetime import datetime, UTC
from html.parser import HTMLParser
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry
from PIL import Image

from conftest import REPO
from test_course_pipeline import nbgrader, new_course, run

import course_config

SCREENSHOTS = REPO / "e2e-screenshots"
FAY_REASON = "its folder holds a symbolic link, notes.txt, which the grader does not follow"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = new_course(tmp_path_factory.mktemp("report"))
    fay = root / "submitted" / "fay" / "02_sequential_model"
    fay.mkdir(parents=True)
    shutil.copy(root / "submitted" / "ada" / "02_sequential_model" / "sequential_model.ipynb", fay)
    (fay / "notes.txt").symlink_to(root / "source" / "02_sequential_model" / "sequential_model.ipynb")
    started = datetime.now(UTC)
    for assignment in course_config.ASSIGNMENTS:
        run(root, "autograder.pipeline.batch_autograde", assignment)
        run(root, "autograder.pipeline.generate_feedback", assignment)
        run(root, "autograder.reports.class_report", assignment)
    nbgrader(root, "export", "--to", "grades.csv")
    exported = run(root, "autograder.reports.grade_exports")
    (root / "grade_exports.stderr").write_text(exported.stderr)
    (root / "started").write_text(started.isoformat())
    return root


def report(course: Path, assignment: str) -> str:
    return (course / "reports" / assignment / "index.html").read_text(encoding="utf-8")


def rows(page: str, section: str) -> list[list[str]]:
    """The table rows of a report section (h2 id), cells as plain text."""
    part = page.split(f'<h2 id="{section}">', 1)[1].split("<h2 ", 1)[0]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", part, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        found.append([html.unescape(re.sub(r"<details>.*?</details>", "", c, flags=re.S)).strip() for c in cells])
    return found


@pytest.mark.parametrize("assignment, expected", [
    ("02_sequential_model", [
        ["model_tests", "6", "5", "4.53", "5.67", "0", "6", "1", "2"],
        ["diagram_model_tests", "6", "5", "5.2", "5.5", "4", "6", "0", "2"],
        ["total", "14", "5", "9.73", "10.17", "5.5", "12", "0", "0"]]),
    ("03_activations", [
        ["hidden_activation_tests", "1.5", "5", "1.4", "1.5", "1", "1.5", "0", "4"],
        ["output_activation_tests", "2", "5", "1.4", "1.5", "0", "2", "1", "2"],
        ["build_model_tests", "4", "5", "2.46", "2.56", "0", "4", "1", "1"],
        ["total", "9.5", "5", "5.26", "6.06", "3", "7.5", "0", "0"]]),
])
def test_report_scores_per_task(course, assignment, expected):
    assert rows(report(course, assignment), "scores")[1:] == expected


def test_report_counts_the_submissions(course):
    assert "<p>6 submissions: 5 graded, 1 could not be graded.</p>" in report(course, "02_sequential_model")
    assert "<p>5 submissions: 5 graded, 0 could not be graded. No submission from 1 student in the gradebook: " \
           "fay.</p>" in report(course, "03_activations")


def test_report_histograms_say_what_they_show(course):
    page = report(course, "02_sequential_model")
    alts = [html.unescape(alt) for alt in re.findall(r'<img src="[^"]+" alt="([^"]*)">', page)]
    assert alts == [
        "Histogram of model_tests scores for 5 students, out of 6: 6 ×2, 5.67 ×1, 5 ×1, 0 ×1.",
        "Histogram of diagram_model_tests scores for 5 students, out of 6: 6 ×2, 5.5 ×1, 4.5 ×1, 4 ×1.",
        "Histogram of the total for 5 students, out of 14: 12 ×2, 10.17 ×1, 9 ×1, 5.5 ×1.",
    ]
    for name in re.findall(r'<img src="([^"]+)"', page):
        assert Image.open(course / "reports" / "02_sequential_model" / name).format == "PNG"


def test_report_lists_the_common_mistakes(course):
    mistakes = rows(report(course, "02_sequential_model"), "mistakes")
    assert mistakes[:4] == [
        ["feedback sentence", "shown", "students"],
        ["Layer 3 (Dense) of `model` uses activation 'softmax'; this output should give an independent "
         "probability between 0 and 1 for each of its 2 units.", "1", "cara"],
        ["`model` has no input shape: give its first layer `input_shape=` or start it with `keras.Input(...)`.",
         "1", "dan"],
        ["`model` is not defined: the cell that builds it raised ModuleNotFoundError: No module named 'tensroflow'",
         "1", "eve"],
    ]
    assert mistakes[5] == [
        "Layer 1 (Dense) of `diagram_model` uses activation 'sigmoid'; a hidden layer here should pass positive "
        "signals through unchanged and cut negative ones to zero.", "2", "eve"]
    build = rows(report(course, "03_activations"), "mistakes")[-5:]
    assert [row[1:] for row in build] == [["2", "cara"], ["2", "dan"], ["2", "eve"], ["1", "cara"], ["1", "dan"]]
    assert build[0][0] == ("The model from `build_model('regression', 4, 3)` has no hidden layer with a ReLU "
                           "activation; the task asks for at least one.")
    assert "`build_model('regression', 4, 3)` raised KeyError: 'regression'." in [row[0] for row in build]
    assert ("<details><summary>2 sentences that differ only in numbers</summary><ul>"
            "<li>`build_model(&#x27;regression&#x27;, 4, 3)` raised KeyError: &#x27;regression&#x27;. (×1)</li>"
            "<li>`build_model(&#x27;regression&#x27;, 7, 1)` raised KeyError: &#x27;regression&#x27;. (×1)</li>"
            "</ul></details>") in report(course, "03_activations")


def test_report_names_the_notebooks_not_graded(course):
    assert rows(report(course, "02_sequential_model"), "not-graded") == [["student", "reason"], ["fay", FAY_REASON]]
    assert "<p>Every submission was graded.</p>" in report(course, "03_activations")


def test_report_shows_manual_grading_progress(course):
    assert rows(report(course, "02_sequential_model"), "manual") == [
        ["free-text answer", "graded", "unanswered (0, no grading needed)", "waiting for a TA"],
        ["sequential_free_text", "0", "4", "1"]]


def test_report_says_when_grading_ran_and_how_long_it_took(course):
    (row,) = rows(report(course, "02_sequential_model"), "grading-time")[1:]
    started = datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
    fixture_started = datetime.fromisoformat((course / "started").read_text())
    assert fixture_started.replace(microsecond=0) <= started <= datetime.now(UTC)
    assert re.fullmatch(r"\d+\.\d s", row[1]) and row[2] == "5 of 6" and row[4] in ("namespaces", "fallback")


@pytest.mark.parametrize("assignment", list(course_config.ASSIGNMENTS))
def test_report_never_shows_hidden_tests(course, assignment):
    page = report(course, assignment)
    assert "HIDDEN TESTS" not in page and not re.search(r"check_\w+\(", page)


def gradebook_grades(course: Path) -> dict:
    """{(student, assignment): ({grade_id: score or None if waiting for a TA}, raw score, penalty)}."""
    found = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        for assignment in course_config.ASSIGNMENTS:
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission(assignment, student.id)
                except MissingEntry:
                    continue
                grades = {g.name: (None if g.needs_manual_grade and g.manual_score is None else g.score)
                          for nb in submission.notebooks for g in nb.grades}
                found[student.id, assignment] = (grades, submission.score, submission.late_submission_penalty)
    return found


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_grades_by_task_holds_the_gradebooks_scores(course):
    table = read_csv(course / "grades_by_task.csv")
    task_ids = [t for spec in course_config.ASSIGNMENTS.values() for t in spec["points"]]
    assert list(table[0]) == ["student_id", "assignment", *task_ids, "total", "late_penalty"]
    assert len(table) == 6 * 3  # ada..eve and fay, every assignment
    graded = gradebook_grades(course)
    for row in table:
        grades, raw, penalty = graded.get((row["student_id"], row["assignment"]), ({}, 0.0, 0.0))
        own = course_config.ASSIGNMENTS[row["assignment"]]["points"]
        for task in task_ids:
            value = grades.get(task) if task in own else None
            assert row[task] == ("" if value is None else f"{value:g}"), (row["student_id"], task)
        assert (float(row["total"]), float(row["late_penalty"])) == (pytest.approx(raw), penalty)
    cara = next(r for r in table if (r["student_id"], r["assignment"]) == ("cara", "02_sequential_model"))
    assert (cara["model_tests"], cara["diagram_model_tests"], cara["sequential_free_text"], cara["total"]) == (
        "5.67", "4.5", "0", "10.17")
    ada = next(r for r in table if (r["student_id"], r["assignment"]) == ("ada", "02_sequential_model"))
    assert ada["sequential_free_text"] == ""  # waiting for a TA


def test_grades_canvas_is_canvas_import_format_from_the_roster(course):
    with open(course / "grades_canvas.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assignments = list(course_config.ASSIGNMENTS)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments]
    assert table[1] == ["Points Possible", "", "", "", "", "10.5", "14", "9.5"]
    graded = gradebook_grades(course)
    students = [e for e in course_config.ROSTER if e["role"] == "student"]
    assert [row[:5] for row in table[2:]] == [
        [f"{e['last_name']}, {e['first_name']}", e["lms_id"], e["sis_user_id"], e["sis_login_id"], e["section"]]
        for e in students]
    for entry, row in zip(students, table[2:]):
        for assignment, value in zip(assignments, row[5:]):
            _, raw, penalty = graded.get((entry["id"], assignment), ({}, 0.0, 0.0))
            assert float(value) == pytest.approx(max(0.0, raw - penalty)), (entry["id"], assignment)
    assert table[2] == ["Lovelace, Ada", "1001", "S1001", "ada", "A", "8.5", "12", "7.5"]


def test_a_student_missing_from_the_roster_is_a_warning(course):
    assert (course / "grade_exports.stderr").read_text() == (
        "warning: fay is in the gradebook but not a student in course_config.ROSTER: left out of "
        "grades_canvas.csv (add their id, lms_id, sis_user_id, sis_login_id and section)\n")
    assert "fay" not in (course / "grades_canvas.csv").read_text()


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def feedback_images(course: Path, student: str, assignment: str = "02_sequential_model") -> list[dict]:
    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).with_suffix(".html").name
    parser = _Images()
    parser.feed((course / "feedback" / student / assignment / notebook).read_text(encoding="utf-8"))
    return parser.images


def network_alts(course: Path, student: str, assignment: str = "02_sequential_model") -> list[str]:
    """The alt texts of the network pictures of a feedback page, after checking each PNG is whole."""
    alts = []
    for image in feedback_images(course, student, assignment):
        alt = image.get("alt") or ""
        if alt.startswith(("submitted:", "expected:", "`build_model(")):
            png = base64.b64decode(image["src"].removeprefix("data:image/png;base64,"), validate=True)
            Image.open(io.BytesIO(png)).load()
            alts.append(alt)
    return alts


def test_feedback_draws_a_right_model_once(course):
    assert network_alts(course, "ada") == [
        "submitted: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 sigmoid; matches the task's network",
        "submitted: 6 inputs → Dense 10 relu → Dense 8 relu → Dense 6 relu → Dense 3 softmax; "
        "matches the task's network",
    ]


def test_feedback_draws_a_wrong_model_beside_the_expected_one(course):
    assert network_alts(course, "cara") == [
        "submitted: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 softmax; "
        "layer 3 activation differs (expected sigmoid)",
        "expected: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 sigmoid",
        "submitted: 6 inputs → Dense 10 relu → Dense 8 relu → Dense 3 softmax; "
        "the task's layer 3 (Dense 6 relu) is missing",
        "expected: 6 inputs → Dense 10 relu → Dense 8 relu → Dense 6 relu → Dense 3 softmax",
    ]


def test_feedback_of_a_hidden_builder_never_draws_what_was_expected(course):
    alts = network_alts(course, "cara", "03_activations")
    assert len(alts) == 5 and not any(alt.startswith("expected:") for alt in alts)
    assert alts[0] == ("`build_model('regression', 7, 1)` returned: 4 inputs → Dense 8 tanh → Dense 1 linear; "
                       "takes 4 inputs (expected 7 inputs); no hidden layer uses relu")


def test_pages_render_in_chromium_with_every_image_loaded(course):
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    pages = {"report-02_sequential_model.png": course / "reports" / "02_sequential_model" / "index.html",
             "feedback-cara-02_sequential_model.png":
                 course / "feedback" / "cara" / "02_sequential_model" / "sequential_model.html"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            for shot, path in pages.items():
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                images = page.evaluate("Array.from(document.images).map(i => [i.naturalWidth, i.alt])")
                assert images and all(width > 0 and alt for width, alt in images), (path, images)
                page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
        finally:
            browser.close()
    assert len([1 for name in pages if (SCREENSHOTS / name).stat().st_size > 10_000]) == 2
