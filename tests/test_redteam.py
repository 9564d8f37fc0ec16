"""Red team: hostile students graded in one batch with honest ones, on a temporary copy of the course.

Each hostile student (tests/redteam/<assignment>/<student>.py, and the notebook files that
tests/redteam/notebook_attacks.py builds) says in its first lines what it attacks and what its
answers earn honestly; tests/redteam/expected_scores.json holds the exact score per task. The
batch (`python -m autograder.pipeline.batch_autograde <assignment> --all`) must give every student exactly
that, leave the honest students' gradebook rows, source/, release/ and autograder/ as a batch of
honest students alone leaves them, leave no process behind, finish in bounded time, and say in the
feedback what happened. A second course checks that a grader killed mid-batch (SIGKILL) and run
again ends with each submission graded once and the scores of an uninterrupted run.
"""

from __future__ import annotations

import compileall
import fcntl
import hashlib
import html
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import notebook_attacks
import pytest
from conftest import REPO, copy_course
from nbgrader.api import Gradebook
from sample_submissions import SAMPLES, build_submission, read_answers

import course_config
from autograder.sandbox.uid_leases import FIRST_UID, LAST_UID, lock_dir

REDTEAM = REPO / "tests" / "redteam"
EXPECTED = json.loads((REDTEAM / "expected_scores.json").read_text())
HONEST = ("ada", "ben")
ASSIGNMENTS = list(course_config.ASSIGNMENTS)

# The test course's limits: short, so that the students who hang cost seconds, not minutes.
CELL_TIMEOUT = 10
NOTEBOOK_TIMEOUT = 120
# Memory per kernel: 1.5 GiB (as in tests/test_sandbox.py) rather than the course's 3 GiB, so that the students
# who hoard memory reach the limit well before CELL_TIMEOUT on a busy 2-core machine.
MEMORY_BYTES = 3 * 2**29
# Wall time a whole batch may take (the hostile 02 batch is the longest: ~35 submissions, 2 kernels at once).
BATCH_SECONDS = {"01_dense_layer": 120, "02_sequential_model": 240, "03_activations": 120}
COURSE_FILES = ["course_config.py", "nbgrader_config.py", "source", "autograder"]
# Where the test courses live: not under /tmp, which every kernel replaces with its own, so that kernels see
# the course as they see a real one (readable folders, 0755) and only the sandbox's hidden paths protect it.
# Git-ignored; each course is removed after its test (kept with REDTEAM_KEEP=1, to look at).
COURSES = REPO / ".pytest_cache" / "redteam"
SURVIVOR_MARK = "REDTEAM_SURVIVOR"  # in the command line of what leaves_processes starts
SANDBOX_UIDS = range(FIRST_UID, LAST_UID + 1)  # the uids kernels run as
# Students the batch lists as failed: nbgrader refuses their notebook (so no score, None, is recorded).
EXPECTED_FAILURES = {"not_json", "unflags_test_cell", "links_to_course_files"}

# Text that must never reach a student: solutions, hidden tests, the gradebook's bytes, and what
# reads_course_files prints when it can read a course file.
SECRETS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "check_model(", "check_returns(", "check_choices(",
           "check_dense_forward(", "check_model_builder(", "SQLite format 3", "READ /", "LEAKED")

TEST_SETTINGS = f'''

# ---- red-team test course (tests/test_redteam.py) ----
TIMEOUT_SECONDS = {CELL_TIMEOUT}
SANDBOX_LIMITS = {{**SANDBOX_LIMITS, "cell_timeout": {float(CELL_TIMEOUT)}, "notebook_timeout": {float(NOTEBOOK_TIMEOUT)},
                  "memory_bytes": {MEMORY_BYTES}}}
# This machine also holds the developer's checkout ({REPO}), with the same answers and hidden tests.
# Were it the course being graded, its folders would be hidden; hide them here too.
_DEVELOPER_CHECKOUT = Path({str(REPO)!r})
SANDBOX_HIDDEN_PATHS = list(SANDBOX_HIDDEN_PATHS) + [_DEVELOPER_CHECKOUT / name for name in (
    "source", "submitted", "autograded", "feedback", "exchange", "gradebook.db", "grades.csv",
    "tests", "scripts", ".ci", ".git", ".pytest_cache")]
'''


# ---------------------------------------------------------------------------------------------
# The course, the submissions, the batch


def new_course_folder(name: str) -> Path:
    COURSES.mkdir(parents=True, exist_ok=True)
    for folder in (COURSES.parent, COURSES):
        folder.chmod(0o755)
    root = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=COURSES))
    root.chmod(0o755)
    return root


def remove_course(root: Path) -> None:
    if not os.environ.get("REDTEAM_KEEP"):
        shutil.rmtree(root, ignore_errors=True)


def make_course(root: Path, assignments) -> Path:
    """A self-contained copy of the course (its own autograder package) with release/ generated."""
    copy_course(root, COURSE_FILES)
    with open(root / "course_config.py", "a") as config:
        config.write(TEST_SETTINGS)
    compileall.compile_dir(root / "autograder", quiet=1)  # so that no later import writes there
    for assignment in assignments:
        nbgrader(root, "generate_assignment", assignment, "--force")
    return root


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course,
                            env=_environment(), capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def make_feedback(course: Path, assignment: str) -> None:
    """What `make feedback ASSIGNMENT=<assignment>` runs: nbgrader's pages, and one per notebook never graded."""
    result = subprocess.run([sys.executable, "-m", "autograder.pipeline.generate_feedback", assignment], cwd=course,
                            env=_environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"make feedback ASSIGNMENT={assignment} failed:\n{result.stdout}\n{result.stderr}"


def _environment() -> dict:
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def write_submission(course: Path, assignment: str, student: str, answers_file: Path) -> None:
    notebook_name = course_config.ASSIGNMENTS[assignment]["notebook"]
    release = course / "release" / assignment / notebook_name
    target = course / "submitted" / student / assignment / notebook_name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build_submission(release, read_answers(answers_file)), target)


def place_honest(course: Path, assignments) -> None:
    for assignment in assignments:
        for student in HONEST:
            write_submission(course, assignment, student, SAMPLES / assignment / f"{student}.py")


def hostile_students(assignment: str) -> list[str]:
    return sorted(path.stem for path in (REDTEAM / assignment).glob("*.py"))


def place_hostile(course: Path, assignments) -> list[str]:
    placed = []
    for assignment in assignments:
        for student in hostile_students(assignment):
            write_submission(course, assignment, student, REDTEAM / assignment / f"{student}.py")
            placed.append(student)
        if assignment == notebook_attacks.ASSIGNMENT:
            placed += notebook_attacks.place(course)
            placed.append(notebook_attacks.place_links(course))
    return placed


@dataclass
class Batch:
    assignment: str
    seconds: float
    returncode: int | None
    output: str
    leftovers: list[str] = field(default_factory=list)


def run_batch(course: Path, assignment: str, *args: str, kill_when=None) -> Batch:
    """Run the batch grader in its own session; `kill_when(course, output_so_far)` -> True SIGKILLs it."""
    log = course / f".batch-{assignment}-{time.monotonic_ns()}.log"
    started = time.monotonic()
    with open(log, "w") as sink:
        process = subprocess.Popen([sys.executable, "-m", "autograder.pipeline.batch_autograde", assignment, *args],
                                   cwd=course, env=_environment(), stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        limit = started + BATCH_SECONDS[assignment] + 60
        while process.poll() is None and time.monotonic() < limit:
            if kill_when is not None and kill_when(course, log.read_text(errors="replace")):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
        if process.poll() is None and time.monotonic() >= limit:
            _kill_session(process.pid)
        returncode = process.wait(30)
    seconds = time.monotonic() - started
    return Batch(assignment, seconds, returncode, log.read_text(errors="replace"), leftovers(process.pid))


def _kill_session(session: int) -> None:
    for pid, _, sid, _ in _processes():
        if sid == session:
            _signal(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# What the batch left: processes, files, grades


def _processes():
    """(pid, real uid, session id, command line) of every process."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as status:
                uid = int(next(line for line in status if line.startswith("Uid:")).split()[1])
            with open(f"/proc/{name}/stat") as stat_file:
                text = stat_file.read()
            sid = int(text[text.rindex(")") + 2:].split()[3])
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, StopIteration, IndexError):
            continue
        found.append((int(name), uid, sid, command))
    return found


def _leased(uid: int) -> bool:
    """Whether a sandbox pool (any grader on this machine) holds `uid` now."""
    path = lock_dir() / f"{uid}.lock"
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def leftovers(session: int, grace: float = 10.0) -> list[str]:
    """Processes the batch in `session` left: in its session, of a sandbox uid no pool holds, or marked."""
    deadline = time.monotonic() + grace
    while True:
        found = [(pid, uid, command) for pid, uid, sid, command in _processes()
                 if pid != os.getpid() and (sid == session or SURVIVOR_MARK in command
                                            or (uid in SANDBOX_UIDS and not _leased(uid)))]
        if not found or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for pid, _, _ in found:  # started by this test's batch: do not leave them to the machine
        _signal(pid, signal.SIGKILL)
    return [f"pid {pid} uid {uid}: {command[:120]}" for pid, uid, command in found]


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def tree(path: Path) -> dict[str, str]:
    """Every entry under `path`: files by content hash, links by target, with their modes."""
    found = {}
    if not path.exists():
        return found
    for entry in sorted(path.rglob("*")):
        info = entry.lstat()
        mode = oct(stat.S_IMODE(info.st_mode))
        relative = str(entry.relative_to(path))
        if stat.S_ISLNK(info.st_mode):
            found[relative] = f"link -> {os.readlink(entry)}"
        elif stat.S_ISDIR(info.st_mode):
            found[relative] = f"dir {mode}"
        else:
            found[relative] = f"{hashlib.sha256(entry.read_bytes()).hexdigest()} {mode}"
    return found


def course_files(course: Path) -> dict:
    """What no student may change: source/, release/, autograder/ and the honest students' submissions."""
    files = {name: tree(course / name) for name in ("source", "release", "autograder")}
    files["submitted (honest)"] = {student: tree(course / "submitted" / student) for student in HONEST}
    return files


def submissions(course: Path):
    """(assignment, its points per grade_id, submitted notebook) for every row of the course's gradebook."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        for assignment, spec in course_config.ASSIGNMENTS.items():
            for submission in gradebook.notebook_submissions(Path(spec["notebook"]).stem, assignment):
                yield assignment, spec["points"], submission


def task_scores(course: Path) -> dict:
    """{student: {assignment: {grade_id: auto score}}} from the course's gradebook."""
    scores: dict = {}
    for assignment, points, submission in submissions(course):
        grades = {grade.name: grade.auto_score for grade in submission.grades}
        scores.setdefault(submission.student.id, {})[assignment] = {grade_id: grades.get(grade_id)
                                                                    for grade_id in points}
    return scores


def gradebook_rows(course: Path, students) -> dict:
    """Every grade and comment row of `students`' submissions, as plain tuples."""
    return {f"{submission.student.id}/{assignment}": {
        "grades": sorted((g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
                         for g in submission.grades),
        "comments": sorted((c.name, c.auto_comment, c.manual_comment) for c in submission.comments),
    } for assignment, _, submission in submissions(course) if submission.student.id in students}


def submission_counts(course: Path) -> dict:
    """{(student, assignment): number of submitted-notebook rows} (more than 1 would be a duplicate)."""
    counts: dict = {}
    for assignment, _, submission in submissions(course):
        key = (submission.student.id, assignment)
        counts[key] = counts.get(key, 0) + 1
    return counts


def autograded_notebook(course: Path, student: str, assignment: str) -> Path:
    return course / "autograded" / student / assignment / course_config.ASSIGNMENTS[assignment]["notebook"]


def feedback_page(course: Path, student: str, assignment: str) -> Path:
    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).with_suffix(".html").name
    return course / "feedback" / student / assignment / notebook


def feedback_text(course: Path, student: str, assignment: str) -> str:
    page = feedback_page(course, student, assignment).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def outputs_text(notebook: Path) -> str:
    """Everything the cells of an autograded notebook show (not their sources, which hold the hidden tests)."""
    parts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            parts.append(json.dumps(output))
    return "\n".join(parts)


def grader_outputs(notebook: Path) -> dict:
    """{grade_id: outputs} of the test cells: what the grader wrote for each check."""
    found = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell["cell_type"] == "code":
            found[meta["grade_id"]] = cell["outputs"]
    return found


# ---------------------------------------------------------------------------------------------
# The red-team batch: honest students alone first, then with every hostile one


@dataclass
class Graded:
    course: Path
    hostile: list[str]
    batches: dict[str, Batch]
    baselines: dict[str, Batch]
    files_before: dict
    files_after: dict
    honest_rows_before: dict
    honest_rows_after: dict
    honest_tests_before: dict
    honest_tests_after: dict


def _honest_test_outputs(course: Path) -> dict:
    return {f"{student}/{assignment}": grader_outputs(autograded_notebook(course, student, assignment))
            for student in HONEST for assignment in ASSIGNMENTS}


@pytest.fixture(scope="module")
def graded() -> Graded:
    course = new_course_folder("batch")
    try:
        yield grade_with_and_without_hostile_students(course)
    finally:
        remove_course(course)


def grade_with_and_without_hostile_students(course: Path) -> Graded:
    make_course(course, ASSIGNMENTS)
    place_honest(course, ASSIGNMENTS)
    baselines = {assignment: run_batch(course, assignment, "--all") for assignment in ASSIGNMENTS}
    files_before = course_files(course)
    honest_rows_before = gradebook_rows(course, HONEST)
    honest_tests_before = _honest_test_outputs(course)

    hostile = place_hostile(course, ASSIGNMENTS)
    batches = {assignment: run_batch(course, assignment, "--all") for assignment in ASSIGNMENTS}
    for batch in [*baselines.values(), *batches.values()]:  # shown by pytest -s, or with a failure
        print(f"{batch.assignment}: {batch.seconds:.1f} s, " + (batch.output.strip().splitlines() or [""])[-1][:200])
    for assignment in ASSIGNMENTS:
        make_feedback(course, assignment)
    return Graded(course, hostile, batches, baselines, files_before, course_files(course),
                  honest_rows_before, gradebook_rows(course, HONEST),
                  honest_tests_before, _honest_test_outputs(course))


def test_every_student_is_in_the_golden_file():
    placed = set(HONEST) | set(notebook_attacks.ATTACKS) | {notebook_attacks.LINKS}
    placed |= {student for assignment in ASSIGNMENTS for student in hostile_students(assignment)}
    assert placed == set(EXPECTED)


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_student_gets_exactly_the_expected_score(graded, student):
    assert task_scores(graded.course).get(student) == EXPECTED[student]


def test_honest_students_gradebook_rows_are_as_without_the_hostile_ones(graded):
    assert graded.honest_rows_after == graded.honest_rows_before
    assert graded.honest_tests_after == graded.honest_tests_before


def test_source_release_autograder_and_honest_submissions_are_unchanged(graded):
    for name, before in graded.files_before.items():
        assert graded.files_after[name] == before, f"{name} changed during the hostile batch"
    assert (graded.course / "gradebook.db").read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.fixture(scope="module")
def sequential():
    """The same students, hostile ones included, graded by plain `nbgrader autograde`: one after another."""
    course = new_course_folder("sequential")
    try:
        make_course(course, ASSIGNMENTS)
        place_honest(course, ASSIGNMENTS)
        place_hostile(course, ASSIGNMENTS)
        for assignment in ASSIGNMENTS:
            nbgrader(course, "autograde", assignment, "--force", check=False)  # some notebooks are refused
        yield task_scores(course)
    finally:
        remove_course(course)


def test_batch_grades_equal_sequential_nbgrader_on_the_hostile_batch(graded, sequential):
    batch = task_scores(graded.course)
    assert {student: sequential.get(student) for student in batch} == batch


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_process_survives_the_batch(graded, assignment):
    assert graded.baselines[assignment].leftovers == []
    assert graded.batches[assignment].leftovers == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_batch_finishes_in_bounded_time_and_reports_every_student(graded, assignment):
    batch = graded.batches[assignment]
    students = sorted(path.name for path in (graded.course / "submitted").iterdir()
                      if (path / assignment).is_dir())
    assert batch.seconds < BATCH_SECONDS[assignment], batch.output[-3000:]
    assert re.search(rf"{assignment}: graded \d+ of {len(students)} in ", batch.output), batch.output[-3000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_batch_summary_lists_as_failed_exactly_the_refused_notebooks(graded, assignment):
    failed = re.findall(r"^  failed +(\S+):", graded.batches[assignment].output, flags=re.MULTILINE)
    refused = EXPECTED_FAILURES if assignment == notebook_attacks.ASSIGNMENT else set()
    assert set(failed) == refused, graded.batches[assignment].output[-3000:]


def test_autograded_notebooks_and_feedback_stay_small(graded):
    for student in graded.hostile + list(HONEST):
        for assignment in ASSIGNMENTS:
            notebook = autograded_notebook(graded.course, student, assignment)
            if notebook.exists():
                assert notebook.stat().st_size < 1_000_000, f"{notebook} is {notebook.stat().st_size:,} bytes"
            page = feedback_page(graded.course, student, assignment)
            if page.exists():
                assert page.stat().st_size < 2_000_000, f"{page} is {page.stat().st_size:,} bytes"


HOSTILE = sorted(set(EXPECTED) - set(HONEST))


def _assignment_of(student: str) -> str:
    (assignment,) = EXPECTED[student]
    return assignment


@pytest.mark.parametrize("student", HOSTILE)
def test_no_solution_hidden_test_or_grade_reaches_a_hostile_student(graded, student):
    assignment = _assignment_of(student)
    shown = {}
    notebook = autograded_notebook(graded.course, student, assignment)
    if notebook.exists():
        shown[str(notebook)] = outputs_text(notebook)
    for folder in (graded.course / "autograded" / student, graded.course / "feedback" / student):
        for path in folder.rglob("*") if folder.exists() else ():
            if path.is_file() and path != notebook:
                shown[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for where, text in shown.items():
        for secret in SECRETS:
            assert secret not in text, f"{student} is shown {secret!r} in {where}"


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_every_student_gets_a_feedback_page(graded, student):
    for assignment in EXPECTED[student]:
        assert feedback_page(graded.course, student, assignment).exists(), f"no feedback for {assignment}"


@pytest.mark.parametrize("student, reason", [
    ("not_json", "your notebook is not valid JSON (line 1, column 1: byte 0x89 is not UTF-8 text): it could not be opened"),
    ("unflags_test_cell", "a read-only cell of your notebook was changed: the cell 'model_tests' no longer has the "
                          "grading settings the assignment gave it (its grade or solution flag), so it cannot be checked"),
    ("links_to_course_files", "its folder holds a symbolic link, grades.db, which the grader does not follow"),
])
def test_a_notebook_that_could_not_be_graded_gets_a_feedback_page_saying_why(graded, student, reason):
    """The batch summary's reason, and no score, on a page of its own (autograder/pipeline/refused_feedback.py)."""
    assert student in EXPECTED_FAILURES
    assert f"\n  failed         {student}: {reason}\n" in graded.batches[notebook_attacks.ASSIGNMENT].output
    lines = feedback_text(graded.course, student, notebook_attacks.ASSIGNMENT).split("\n")
    assert "Your notebook sequential_model.ipynb for 02_sequential_model could not be graded." in lines
    assert f"Why: {reason}." in lines
    assert "Score: 0 of 14 points for this notebook: none of its tests ran." in lines


def _answer_outputs(course: Path, student: str, assignment: str) -> str:
    """The outputs of a student's own cells (not the test cells) in the autograded notebook."""
    parts = []
    for cell in json.loads(autograded_notebook(course, student, assignment).read_text(encoding="utf-8"))["cells"]:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            parts += [json.dumps(output) for output in cell.get("outputs", [])]
    return "\n".join(parts)


@pytest.mark.parametrize("student, pattern", [
    ("reads_course_files", r"blocked \S*/batch-\w+/gradebook.db PermissionError"),
    ("reads_course_files", r"\b0 course files readable"),
    ("writes_course_files", r"refused corrupt \S*/batch-\w+/gradebook.db"),
    ("writes_course_files", r"refused patch \S*/batch-\w+/autograder/__init__.py"),
    ("leaves_processes", r"started 3 processes meant to outlive the kernel"),
    ("kills_grader", r"kill refused: \[Errno 1\] Operation not permitted"),
    ("eats_memory", r"Unable to allocate 24.0 GiB"),
    ("prints_flood", r"x{1000}"),
])
def test_the_attacks_really_ran(graded, student, pattern):
    """The attacks that score like honest students must have reached what they aimed at."""
    assert re.search(pattern, _answer_outputs(graded.course, student, "02_sequential_model"))


def test_no_script_of_a_student_runs_in_the_feedback_page(graded):
    """HTML outputs are sanitized (HTMLExporter.sanitize_html): at most escaped text of the attack remains."""
    page = feedback_page(graded.course, "injects_script", "02_sequential_model").read_text(encoding="utf-8")
    payload = re.escape("document.title = 'redteam' + '-injected'")
    assert not re.search(rf"<script[^>]*>[^<]*{payload}", page)  # display(HTML(...)) or display(Javascript(...))
    assert not re.search(rf"<[a-zA-Z]+[^<>]*\bonerror=\"{payload}", page)  # an element with the handler


@pytest.mark.parametrize("student, assignment, sentence", [
    ("exits_kernel", "02_sequential_model", "your kernel stopped in this cell (it exited with code 3)"),
    ("segfaults", "02_sequential_model", "your kernel crashed in this cell (SIGSEGV: Segmentation fault)"),
    ("loops_forever", "02_sequential_model", f"your notebook ran out of time ({CELL_TIMEOUT} s) in this cell"),
    ("sleeps_past_timeout", "02_sequential_model", f"your notebook ran out of time ({CELL_TIMEOUT} s) in this cell"),
    ("slow_model", "02_sequential_model",
     f"your notebook ran out of time ({CELL_TIMEOUT} s) while the grader was checking your answers"),
    ("forks_memory", "02_sequential_model", "your kernel was killed in this cell: it used more than 1.5 GiB of memory"),
    ("hoards_shared_memory", "02_sequential_model",
     "your kernel was killed in this cell: it used more than 1.5 GiB of memory"),
    ("eats_memory", "02_sequential_model", "MemoryError"),
    ("raises_systemexit", "02_sequential_model",
     "`model` is not defined: the cell that builds it raised SystemExit: grading is over"),
    ("exits_in_check", "01_dense_layer",
     "your kernel stopped while the grader was checking your answers (it exited with code 0)"),
    ("huge_reply", "01_dense_layer", "This test could not run: the grader's questions about `dense_forward` raised "
                                     "an error inside your notebook"),
])
def test_feedback_says_what_happened(graded, student, assignment, sentence):
    assert sentence in feedback_text(graded.course, student, assignment)


# ---------------------------------------------------------------------------------------------
# The grader killed mid-batch, then run again


KILL_ASSIGNMENT = "01_dense_layer"


def _progress(output: str) -> tuple[int, int] | None:
    """The last 'done/total' of the batch's progress bar."""
    found = re.findall(r"grading \S+:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)", output)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def _mid_sandbox(course: Path, output: str) -> bool:
    progress = _progress(output)
    return progress is not None and 1 <= progress[0] < progress[1]


def _mid_nbgrader(course: Path, output: str) -> bool:
    """nbgrader is recording: some student's autograded folder was removed or rewritten (it has no stamp yet).

    Its bookkeeping overlaps the kernels, so this may come before the last kernel is done."""
    folders = list((course / "autograded").glob(f"*/{KILL_ASSIGNMENT}"))
    removed = len(folders) < len(list((course / "submitted").iterdir()))
    return removed or any(not (folder / ".autograder-stamp.json").exists() for folder in folders)


def _left_to_grade(course: Path, students: list[str]) -> int:
    """How many submissions have no autograded folder with a stamp: those the next run grades."""
    return sum(not (course / "autograded" / student / KILL_ASSIGNMENT / ".autograder-stamp.json").exists()
               for student in students)


@pytest.fixture
def kill_course():
    course = new_course_folder("kill")
    try:
        yield course
    finally:
        remove_course(course)


def test_grader_killed_mid_batch_then_rerun_grades_each_submission_once(kill_course):
    """SIGKILL while kernels run, then, on a regrade, while nbgrader records; each time the rerun grades exactly
    the submissions left without a stamped autograded folder, no process is left, each student has one
    submission in the gradebook, and the scores are the uninterrupted run's."""
    course = make_course(kill_course, [KILL_ASSIGNMENT])
    place_honest(course, [KILL_ASSIGNMENT])
    place_hostile(course, [KILL_ASSIGNMENT])
    copies = {f"{student}_copy{i}": student for i in range(6) for student in HONEST}  # a wider window to kill in
    for copy, student in copies.items():
        shutil.copytree(course / "submitted" / student, course / "submitted" / copy)
    students = sorted(path.name for path in (course / "submitted").iterdir())
    expected = {student: {KILL_ASSIGNMENT: EXPECTED[copies.get(student, student)][KILL_ASSIGNMENT]}
                for student in students}

    killed = run_batch(course, KILL_ASSIGNMENT, kill_when=_mid_sandbox)
    assert killed.returncode == -signal.SIGKILL, killed.output[-3000:]
    assert killed.leftovers == []
    regrade = _left_to_grade(course, students)  # all but those nbgrader had recorded when the kill came
    assert regrade > 0
    rerun = run_batch(course, KILL_ASSIGNMENT)
    assert f"graded {regrade} of {regrade}" in rerun.output, rerun.output[-3000:]
    assert rerun.leftovers == []
    assert task_scores(course) == expected
    assert set(submission_counts(course).values()) == {1}

    killed = run_batch(course, KILL_ASSIGNMENT, "--all", kill_when=_mid_nbgrader)
    assert killed.returncode == -signal.SIGKILL, killed.output[-3000:]
    assert killed.leftovers == []
    regrade = _left_to_grade(course, students)
    assert regrade > 0
    rerun = run_batch(course, KILL_ASSIGNMENT)
    assert rerun.leftovers == []
    assert f"graded {regrade} of {regrade}" in rerun.output, rerun.output[-3000:]
    assert task_scores(course) == expected
    assert set(submission_counts(course).values()) == {1}
    for student in students:
        assert (course / "autograded" / student / KILL_ASSIGNMENT / ".autograder-stamp.json").exists()
