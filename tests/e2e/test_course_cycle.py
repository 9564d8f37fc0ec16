"""The course cycle on a real hub, in headless Chromium, as its users do it (`make e2e`).

A copy of the course gets its own hub (autograder.hub: Unix accounts from the roster, nbgrader's exchange,
extensions per role) on free loopback ports. Student ada fetches 02_sequential_model, runs it, validates,
submits; the hub restarts; she finishes and resubmits. The instructor collects in Formgrader and
`make autograde` grades only what is new; the TA grades the free-text answer and releases feedback; the
hub restarts again; ada reads her feedback. Each step saves a screenshot in e2e-screenshots/. The tests run
in file order and share one hub; everything (accounts, homes, exchange, processes, temp files) is removed
at the end, also on failure.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.browser import (CHROMIUM, CHROMIUM_ARGS, SLOW, Shots, fill_cell, fill_markdown, log_in,
                               open_assignment_list, open_lab, run_all, save, wait_idle)
from tests.e2e.course_hub import REPO, CourseHub

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
MODEL = """from keras.models import Sequential
from keras.layers import Dense

model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
"""
# The picture's network with one mistake: sigmoid where the picture says softmax.
DIAGRAM_MODEL = """from keras.models import Sequential
from keras.layers import Dense

diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='sigmoid'))
"""
FREE_TEXT = ("With sigmoid each output is its own probability between 0 and 1, two separate yes/no answers. "
             "For 3 exclusive classes I would use Dense(3, activation='softmax').")
TA_SCORE, TA_COMMENT = "1.5", "Right about sigmoid; say why softmax: its outputs sum to 1."


@pytest.fixture(scope="module")
def hub():
    scratch = Path(tempfile.mkdtemp(prefix="e2e-hub-"))
    course_hub = CourseHub(scratch)
    try:
        course_hub.make_course()
        course_hub.start()
        yield course_hub
    finally:
        course_hub.clean()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots():
    return Shots(REPO / "e2e-screenshots")


@pytest.fixture(scope="module")
def pages(browser):
    """One browser context (cookie jar) per person."""
    contexts = {}

    def page_of(login: str):
        if login not in contexts:
            contexts[login] = browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts[login].set_default_timeout(60_000)
        context = contexts[login]
        return context.pages[0] if context.pages else context.new_page()

    page_of.contexts = contexts
    yield page_of
    for context in contexts.values():
        context.close()


def test_someone_not_on_the_roster_is_told_so(hub, pages, shots):
    page = pages("mallory")
    log_in(page, hub.url, "mallory", "guess")
    expect(page.locator("#login-main")).to_contain_text(
        "'mallory' is not on the roster of intro-keras: only its students and staff can log in here.")
    shots.take(page, "login_not_on_roster")


def test_instructor_generates_and_releases_in_formgrader(hub, pages, shots):
    page = pages("instructor")
    log_in(page, hub.url, "instructor", hub.passwords()["instructor"])
    open_lab(page, hub.url, "instructor")
    page.goto(f"{hub.url}/user/instructor/formgrader/manage_assignments")
    formgrader_action(page, ASSIGNMENT, "assign", f"Successfully created the student version of '{ASSIGNMENT}'")
    for assignment in ("01_dense_layer", ASSIGNMENT, "03_activations"):
        formgrader_action(page, assignment, "release", f"Successfully released '{assignment}'.")
    expect(page.locator("tr", has=page.locator("td.name", has_text=ASSIGNMENT)).locator("td.status")
           ).to_have_text("released")
    shots.take(page, "formgrader_released")


def test_student_sees_released_assignments_and_fetches_one(hub, pages, shots):
    page = pages("ada")
    log_in(page, hub.url, "ada", hub.passwords()["ada"])
    open_lab(page, hub.url, "ada")
    expect(page.locator(".lm-MenuBar")).not_to_contain_text("Formgrader")
    panel = open_assignment_list(page)
    released = panel.locator("#released_assignments_list .item_name")
    expect(released).to_have_text(["01_dense_layer", ASSIGNMENT, "03_activations"], timeout=60_000)
    shots.take(page, "assignment_list")
    panel.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT).locator("button",
                                                                                        has_text="Fetch").click()
    fetched = panel.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    expect(fetched).to_be_visible(timeout=60_000)
    expect(panel.locator("#released_assignments_list .item_name")).to_have_text(["01_dense_layer", "03_activations"])
    shots.take(page, "fetched")


def test_fetching_twice_keeps_the_students_copy(hub):
    notebook = Path("/home/ada") / ASSIGNMENT / NOTEBOOK
    before = notebook.read_bytes()
    result = hub.run(*student_command(hub, "fetch_assignment", ASSIGNMENT), user="ada", cwd=Path("/home/ada"),
                     check=False, env=student_env(hub, "ada"))
    assert result.returncode != 0
    assert f"You already have a copy of the assignment in this directory: {ASSIGNMENT}" in result.stderr
    assert notebook.read_bytes() == before


def test_student_runs_the_notebook_and_validates(hub, pages, shots):
    page = pages("ada")
    panel = page.locator("#nbgrader-assignment-list")
    fetched = panel.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    fetched.locator("a.assignment-notebooks-link").click()  # shows the assignment's notebooks
    fetched.locator(f"a:text-is('{NOTEBOOK.removesuffix('.ipynb')}')").click()
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first).to_be_visible(timeout=SLOW)
    answers = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text="raise NotImplementedError()")
    fill_cell(page, answers.nth(0), MODEL)
    save(page)
    run_all(page)
    wait_idle(page)
    # The model's visible check passed; the lesson's picture is drawn; the unanswered task stops the run.
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output", has_text="`model` is a Keras model with 3 layers")
           ).to_be_visible()
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").first).to_be_visible()
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").first.scroll_into_view_if_needed()
    shots.take(page, "notebook_run")
    validate(page)
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("`diagram_model` is not defined: no cell assigns it; the task asks for a name "
                                   "`diagram_model`.", timeout=SLOW)
    expect(dialog).to_contain_text("You did not provide a response.")
    shots.take(page, "validate_fails")
    dialog.locator("button", has_text=re.compile("OK|Close|Dismiss", re.I)).first.click()


def test_student_submits(hub, pages, shots):
    page = pages("ada")
    submit(page)
    shots.take(page, "submitted")


def test_resubmitting_after_a_hub_restart(hub, pages, shots):
    hub.restart()
    page = pages("ada")
    open_lab(page, hub.url, "ada")  # her server was stopped with the hub; her work is in her home
    page.goto(f"{hub.url}/user/ada/lab/tree/{ASSIGNMENT}/{NOTEBOOK}")
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first).to_be_visible(timeout=SLOW)
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text="model.add(Dense(4, activation='relu'))")
           ).to_have_count(1)
    fill_cell(page, page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text="raise NotImplementedError()").first,
              DIAGRAM_MODEL)
    fill_markdown(page, page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell", has_text="YOUR ANSWER HERE").last,
                  FREE_TEXT)
    save(page)
    validate(page)
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Success! Your notebook passes all the tests.", timeout=SLOW)
    shots.take(page, "validate_passes")
    dialog.locator("button").first.click()
    submit(page)
    submitted = page.locator("#nbgrader-assignment-list #submitted_assignments_list .nested_list_item")
    expect(submitted).to_have_count(2)  # two timestamps: both submissions are in the exchange
    shots.take(page, "resubmitted")


def test_student_cannot_read_others_work_source_or_gradebook(hub):
    """As ben's OS account: other homes, source/, submitted/ and the gradebook are closed; in the exchange,
    inbound/ cannot be listed, so ada's submission (a folder whose name ends with 72 random bits)
    cannot be found. (Its files are world-readable, as nbgrader makes them: its name is the secret.)"""
    exchange = hub.course / "exchange" / "intro-keras"
    ada_submissions = sorted((exchange / "inbound").glob(f"ada+{ASSIGNMENT}+*"))
    assert len(ada_submissions) == 2  # as root: both are there
    targets = {
        "list inbound": f"os.listdir({str(exchange / 'inbound')!r})",
        "ada's home": f"open('/home/ada/{ASSIGNMENT}/{NOTEBOOK}').read()",
        "ada's nbgrader cache": "os.listdir('/home/ada/.local')",
        "source": f"open({str(hub.course / 'source' / ASSIGNMENT / NOTEBOOK)!r}).read()",
        "gradebook": f"open({str(hub.course / 'gradebook.db')!r}, 'rb').read()",
        "submitted": f"os.listdir({str(hub.course / 'submitted')!r})",
        "autograded": f"os.listdir({str(hub.course / 'autograded')!r})",
    }
    code = ("import glob, json, os\nresults = {}\n" + "".join(
        f"try:\n    {action}\n    results[{name!r}] = 'read'\nexcept PermissionError:\n    results[{name!r}] = 'denied'\n"
        for name, action in targets.items()) +
        f"results['find ada submission'] = glob.glob({str(exchange / 'inbound' / 'ada+*')!r})\n"
        "print(json.dumps(results))")
    result = hub.run(str(hub.hub_dir / "env" / "bin" / "python"), "-c", code, user="ben", cwd=Path("/tmp"))
    assert json.loads(result.stdout) == {**{name: "denied" for name in targets}, "find ada submission": []}


def test_instructor_collects_and_autograde_grades_only_what_is_new(hub, pages, shots):
    page = pages("instructor")
    open_lab(page, hub.url, "instructor")  # her server starts again after the restart
    page.goto(f"{hub.url}/user/instructor/formgrader/manage_assignments")
    formgrader_action(page, ASSIGNMENT, "collect", f"Successfully collected submissions of '{ASSIGNMENT}'.",
                      shot=lambda: shots.take(page, "formgrader_collect"))
    first = hub.run("make", "autograde", f"ASSIGNMENT={ASSIGNMENT}", f"VENV={REPO / '.venv'}")
    assert f"{ASSIGNMENT}: graded 1 of 1" in first.stdout
    again = hub.run("make", "autograde", f"ASSIGNMENT={ASSIGNMENT}", f"VENV={REPO / '.venv'}")
    assert f"All 1 submissions of {ASSIGNMENT} are already graded" in again.stdout


def test_ta_grades_the_free_text_and_releases_feedback(hub, pages, shots):
    page = pages("ta")
    log_in(page, hub.url, "ta", hub.passwords()["ta"])
    open_lab(page, hub.url, "ta")
    page.goto(f"{hub.url}/user/ta/formgrader/gradebook/{ASSIGNMENT}/{NOTEBOOK.removesuffix('.ipynb')}")
    page.locator("a", has_text="Submission #1").click()
    cell = page.locator(".nbgrader_cell", has=page.locator("#sequential_free_text-comment"))
    expect(cell).to_contain_text(FREE_TEXT, timeout=60_000)
    # Formgrader fetches the grades and comments after the page (its pictures) loads, then renders them into
    # the inputs: a score typed before that is overwritten, and no change event reaches its save handler.
    page.wait_for_function("() => window.formgrader && formgrader.grades && formgrader.grades.loaded"
                           " && formgrader.comments && formgrader.comments.loaded", timeout=60_000)
    cell.locator("input.score").fill(TA_SCORE)
    cell.locator("input.score").press("Tab")
    cell.locator("textarea.comment").fill(TA_COMMENT)
    cell.locator("textarea.comment").press("Tab")
    expect(cell.locator(".glyphicon-ok")).to_have_count(2, timeout=30_000)  # both saved
    shots.take(page, "formgrader_manual_grade")
    page.goto(f"{hub.url}/user/ta/formgrader/gradebook/{ASSIGNMENT}/{NOTEBOOK.removesuffix('.ipynb')}")
    row = page.locator("tr", has_text="Submission #1")
    expect(row).to_contain_text("13.25 / 14")  # 6 + 5.75 autograded, 1.5 from the TA
    shots.take(page, "formgrader_scores")
    page.goto(f"{hub.url}/user/ta/formgrader/manage_assignments")
    formgrader_action(page, ASSIGNMENT, "generate-feedback", f"Successfully generated feedback of '{ASSIGNMENT}'.")
    formgrader_action(page, ASSIGNMENT, "release-feedback", f"Successfully released feedback of '{ASSIGNMENT}'.",
                      shot=lambda: shots.take(page, "formgrader_feedback_released"))


def test_student_reads_feedback_after_a_hub_restart(hub, pages, shots):
    hub.restart()  # nothing is lost: submissions, grades and comments are on disk
    page = pages("ada")
    open_lab(page, hub.url, "ada")
    panel = open_assignment_list(page)
    expect(panel.locator("#submitted_assignments_list .nested_list_item")).to_have_count(2)  # both submissions
    panel.locator("#submitted_assignments_list button", has_text="Fetch Feedback").click()
    link = panel.locator("#submitted_assignments_list a", has_text="(view feedback)")
    expect(link).to_be_visible(timeout=60_000)
    link.click()  # the file browser opens the feedback folder
    pages_found = sorted(Path("/home/ada", ASSIGNMENT, "feedback").glob(f"*/{NOTEBOOK.removesuffix('.ipynb')}.html"))
    assert len(pages_found) == 1
    expect(page.locator(".jp-DirListing-item", has_text=pages_found[0].name)).to_be_visible()
    shots.take(page, "feedback_fetched")
    feedback = page.context.new_page()  # "Open in New Browser Tab"
    feedback.goto(f"{hub.url}/user/ada/files/{pages_found[0].relative_to('/home/ada')}")
    expect(feedback.locator("body")).to_contain_text(re.compile(r"Score: 13\.25 / 14(\.0)?\b"))
    expect(feedback.locator("body")).to_contain_text("✓ `model` is a Sequential.")
    expect(feedback.locator("body")).to_contain_text(
        "✗ Layer 4 (Dense) of `diagram_model` uses activation 'sigmoid'; this output should give one probability "
        "per class over its 3 units, all summing to 1.")
    expect(feedback.locator("body")).not_to_contain_text("check_model(")  # hidden tests stay hidden
    expect(feedback.locator("body")).to_contain_text(TA_COMMENT)
    image = feedback.locator("img[alt]").first
    expect(image).to_be_visible()
    assert image.get_attribute("alt").strip()
    image.scroll_into_view_if_needed()
    shots.take(feedback, "feedback_page")


def test_grades_and_comments_survive_the_restart(hub, pages, shots):
    page = pages("ta")
    open_lab(page, hub.url, "ta")  # the TA's server starts again after the restart
    page.goto(f"{hub.url}/user/ta/formgrader/gradebook/{ASSIGNMENT}/{NOTEBOOK.removesuffix('.ipynb')}")
    expect(page.locator("tr", has_text="Submission #1")).to_contain_text("13.25 / 14")
    page.locator("a", has_text="Submission #1").click()
    cell = page.locator(".nbgrader_cell", has=page.locator("#sequential_free_text-comment"))
    expect(cell.locator("textarea.comment")).to_have_value(TA_COMMENT, timeout=60_000)
    expect(cell.locator("input.score")).to_have_value(TA_SCORE)
    shots.take(page, "formgrader_after_restart")


def formgrader_action(page, assignment: str, column: str, success: str, shot=None) -> None:
    """Press an assignment's button in Formgrader's Manage Assignments and read the dialog that answers."""
    row = page.locator("tr", has=page.locator("td.name", has_text=assignment))
    row.locator(f"td.{column} a").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_contain_text(success, timeout=SLOW)
    if shot:
        shot()
    page.wait_for_timeout(500)  # Bootstrap's fade-in ends before OK listens
    modal.locator(".modal-footer button", has_text="OK").click()
    expect(modal).to_be_hidden(timeout=30_000)
    expect(page.locator(".modal-backdrop")).to_have_count(0)


def validate(page) -> None:
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar button, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar jp-button",
                 has_text="Validate").first.click()


def submit(page) -> None:
    panel = open_assignment_list(page)
    fetched = panel.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    before = panel.locator("#submitted_assignments_list .nested_list_item").count()
    fetched.locator("button", has_text="Submit").click()
    expect(panel.locator("#submitted_assignments_list .nested_list_item")).to_have_count(before + 1, timeout=SLOW)


def student_env(hub: CourseHub, login: str) -> dict:
    """What the student's own terminal on the hub has (its Jupyter server's environment)."""
    return {"HOME": f"/home/{login}", "USER": login, "PATH": f"{hub.hub_dir / 'env' / 'bin'}:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(hub.hub_dir / "config" / "student"),
            "LD_LIBRARY_PATH": str(hub.hub_dir / "python" / "lib")}


def student_command(hub: CourseHub, *args: str) -> list[str]:
    return [str(hub.hub_dir / "env" / "bin" / "python"), "-m", "nbgrader", *args]
