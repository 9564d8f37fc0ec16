"""Course settings: the one place to change them.

nbgrader_config.py applies them to every `nbgrader` command (see configure());
the Makefile and scripts/demo.py read ASSIGNMENTS from here.
"""
import os
from pathlib import Path

# Repository root: nbgrader's course directory (source/, release/, submitted/, ...).
ROOT = Path(__file__).resolve().parent

COURSE_ID = "intro-keras"

# Assignment id -> notebook name and points per grade cell (nbgrader grade_id).
# Ids, notebook names and grade ids are the students' contract: keep them stable.
# The points must agree with the nbgrader metadata of the cells in source/.
# An assignment may have a due date, "due": ISO 8601 with a time zone, e.g.
# "due": "2026-12-07T23:59:00+01:00"; a submission whose nbgrader timestamp is later
# loses LATE_PENALTY_PER_DAY (autograder/pipeline/late_work.py). Without one, nothing is late.
ASSIGNMENTS = {
    "01_dense_layer": {
        "notebook": "dense_layer.ipynb",
        "points": {
            "dense_forward_tests": 5,
            "dense_param_count_tests": 2,
            "layer_for_data_tests": 1.5,
            "dense_free_text": 2,
        },
    },
    "02_sequential_model": {
        "notebook": "sequential_model.ipynb",
        "points": {
            "model_tests": 6,
            "diagram_model_tests": 6,
            "sequential_free_text": 2,
        },
    },
    "03_activations": {
        "notebook": "activations.ipynb",
        "points": {
            "hidden_activation_tests": 1.5,
            "output_activation_tests": 2,
            "build_model_tests": 4,
            "activations_free_text": 2,
        },
    },
}

# Who takes part, one entry per account (the hub's accounts, nbgrader's students,
# the LMS export): `id` is the login and nbgrader student id (lower-case letters,
# digits, '_' or '-'); `role` is "instructor", "ta" or "student". Students also
# carry their LMS identities for `grades_canvas.csv`: `lms_id` (Canvas "ID"),
# `sis_user_id`, `sis_login_id` and `section`. The sample class of tests/submissions/.
ROSTER = [
    {"id": "instructor", "role": "instructor", "first_name": "Grace", "last_name": "Hopper"},
    {"id": "ta", "role": "ta", "first_name": "Alan", "last_name": "Turing"},
    {"id": "ada", "role": "student", "first_name": "Ada", "last_name": "Lovelace",
     "lms_id": "1001", "sis_user_id": "S1001", "sis_login_id": "ada", "section": "A"},
    {"id": "ben", "role": "student", "first_name": "Ben", "last_name": "Shneiderman",
     "lms_id": "1002", "sis_user_id": "S1002", "sis_login_id": "ben", "section": "A"},
    {"id": "cara", "role": "student", "first_name": "Cara", "last_name": "Chen",
     "lms_id": "1003", "sis_user_id": "S1003", "sis_login_id": "cara", "section": "B"},
    {"id": "dan", "role": "student", "first_name": "Dan", "last_name": "Bricklin",
     "lms_id": "1004", "sis_user_id": "S1004", "sis_login_id": "dan", "section": "B"},
    {"id": "eve", "role": "student", "first_name": "Eve", "last_name": "Andersson",
     "lms_id": "1005", "sis_user_id": "S1005", "sis_login_id": "eve", "section": "B"},
]

# Late work: the fraction of a notebook's points lost for each day, or part of a day, that its
# submission is after the assignment's "due" date (0.1: 10% per day; at most what it scored).
# grades.csv shows raw_score, late_submission_penalty and score; the feedback page the penalty.
LATE_PENALTY_PER_DAY = 0.1

# Longest time one notebook cell may run while grading, in seconds.
TIMEOUT_SECONDS = 60

# Sandboxed kernels that grade at once (`make autograde`): one per core this process may use.
PARALLEL_KERNELS = len(os.sched_getaffinity(0))

# How test cells are run: "sandbox" runs each submission in a fresh sandboxed
# kernel and judges the test cells in the grading process (autograder/pipeline/
# sandboxed_execute.py); "stock" is nbgrader's own Execute, which runs the hidden
# tests inside the student's kernel (fooled by hostile code; kept as the
# baseline of `make bench`). The environment variable AUTOGRADER_EXECUTOR wins.
EXECUTOR = os.environ.get("AUTOGRADER_EXECUTOR", "sandbox")

# The gradebook nbgrader and formgrader read and write: any SQLAlchemy URL. SQLite
# (the default) suits one writer; several TAs grading at once need a server, e.g.
# postgresql://user@host:5432/db (driver: psycopg). The environment variable
# GRADEBOOK_URL wins, for every command (README.md, "A PostgreSQL gradebook").
GRADEBOOK_URL = os.environ.get("GRADEBOOK_URL") or f"sqlite:///{ROOT / 'gradebook.db'}"

# Local nbgrader exchange, used only by formgrader's "release feedback" button.
EXCHANGE_DIR = ROOT / "exchange"

# Environment of the grading kernels: keeps TensorFlow/Keras start-up logs and
# warnings out of the cell outputs that students see as feedback.
GRADING_ENV = {
    "KERAS_BACKEND": "tensorflow",
    "TF_CPP_MIN_LOG_LEVEL": "3",  # no C++ INFO/WARNING/ERROR lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no "oneDNN custom operations are on" notice
    "PYTHONWARNINGS": "ignore",  # no Python warnings (e.g. Dense(input_shape=...))
}


# Sandboxed grading kernels (autograder/sandbox/): a fresh, isolated process per
# submission, forked from a server that has imported TensorFlow once;
# PARALLEL_KERNELS of them at once. What each kernel may use
# (autograder.sandbox.Limits(**SANDBOX_LIMITS)). Memory is computed from this
# machine when this file is read: the kernels together get half of its memory,
# the rest stays for the grader (~1 GiB), the forkserver (~0.5 GiB: TensorFlow)
# and everything else; a kernel starts at ~0.3 GiB, so at least 1 GiB each.
# On 2 cores and 24 GiB: 2 kernels of 6 GiB.
MACHINE_MEMORY_BYTES = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
KERNEL_MEMORY_BYTES = max(2**30, MACHINE_MEMORY_BYTES // 2 // PARALLEL_KERNELS // 2**28 * 2**28)  # 256 MiB steps

SANDBOX_LIMITS = {
    "memory_bytes": KERNEL_MEMORY_BYTES,  # per process, and for all of a kernel's processes together
    "cell_timeout": float(TIMEOUT_SECONDS),
    "notebook_timeout": 600.0,  # all cells and fact collections of one notebook
    "max_processes": 64,  # processes and threads of one kernel (TensorFlow uses ~10)
    "max_output_chars": 100_000,  # text kept per cell (streams, errors, the text of rich outputs)
    # Images (a figure is a ~0.3 MB base64 PNG) are kept apart from text: per cell at most
    # max_images and max_image_chars of image data, per notebook max_notebook_image_chars.
    "max_images": 20,
    "max_image_chars": 4 * 2**20,
    "max_notebook_image_chars": 16 * 2**20,
    "max_file_bytes": 50 * 2**20,  # largest file a kernel may write
    "disk_bytes": 256 * 2**20,  # a kernel's private /tmp, its working copy included
}

# Covered by an empty, unreadable mount inside every kernel: the answers and hidden
# tests, other students' work, grades, the sample submissions, history, pytest's cache (the
# test suite's own courses live there while it runs), home folders.
# (The Python installation under /root stays visible, read-only.)
SANDBOX_HIDDEN_PATHS = [ROOT / name for name in (
    "source", "submitted", "autograded", "feedback", "exchange", "gradebook.db", "grades.csv",
    "tests", "scripts", ".ci", ".git", ".pytest_cache",
    "grades_by_task.csv", "grades_canvas.csv", "reports",
)] + [Path("/root"), Path("/home")]


# The course's JupyterHub (`make hub`, autograder/hub/): its folder on the machine (state, the users'
# Python, role configs; `make hub-clean` removes it), its port on 127.0.0.1, and the limits of the
# kernels students use interactively (rlimits of each kernel; grading uses the sandbox above).
HUB_DIR = Path(os.environ.get("AUTOGRADER_HUB_DIR", f"/srv/{COURSE_ID}-hub"))
HUB_PORT = int(os.environ.get("HUB_PORT", "8000"))
HUB_KERNEL_LIMITS = {
    "memory_bytes": 2 * 2**30,  # a kernel with TensorFlow imported holds ~0.5 GiB
    "cpu_seconds": 3600,  # CPU time of one kernel; the lessons' cells take seconds
    "max_processes": 512,  # the account's processes and threads (TensorFlow starts ~10 per kernel)
    "max_file_bytes": 200 * 2**20,  # largest file a kernel may write
}


def configure(c):
    """Apply the settings above to nbgrader's traitlets config object `c`."""
    # Imported here so that reading ASSIGNMENTS stays free of nbgrader imports.
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import Autograde, GenerateAssignment
    from nbgrader.preprocessors import Execute, GetGrades

    from autograder.pipeline.course_feedback import use_course_feedback
    from autograder.pipeline.hide_hidden_tests import HideHiddenTests
    from autograder.pipeline.late_work import ApplyDueDate, LatePenalty, due_dates
    from autograder.pipeline.sandboxed_execute import EXECUTORS, SandboxedExecute
    from autograder.pipeline.stable_cell_ids import StableCellIds

    c.CourseDirectory.root = str(ROOT)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = GRADEBOOK_URL
    c.Execute.timeout = TIMEOUT_SECONDS

    EXCHANGE_DIR.mkdir(exist_ok=True)
    c.Exchange.root = str(EXCHANGE_DIR)
    # `nbgrader submit` refuses a submission that lacks the assignment's notebook (e.g. renamed), saying which.
    c.ExchangeSubmit.strict = True

    # Due dates go into the gradebook at release and at autograde; late work loses LATE_PENALTY_PER_DAY.
    c.ApplyDueDate.due_dates = due_dates(ASSIGNMENTS)
    c.ApplyDueDate.course_id = COURSE_ID
    c.AssignLatePenalties.plugin_class = LatePenalty
    c.LatePenalty.per_day = LATE_PENALTY_PER_DAY

    # Same source, same release/: no random cell ids.
    release_steps = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = [ApplyDueDate] + release_steps + [StableCellIds]

    # The one place for points, checked against the source notebooks by `make release` (points_agreement.py).
    c.PointsAgreement.assignments = {assignment: {"notebook": spec["notebook"], "points": spec["points"]}
                                     for assignment, spec in ASSIGNMENTS.items()}

    # nbgrader's Execute step, replaced; its traits are the sandbox's settings (and "stock" is nbgrader's own).
    if EXECUTOR not in EXECUTORS:
        raise ValueError(f"course_config.EXECUTOR is 'sandbox' or 'stock', not {EXECUTOR!r}")
    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    c.Autograde.autograde_preprocessors = [ApplyDueDate] + [SandboxedExecute if step is Execute else step
                                                            for step in steps]
    c.SandboxedExecute.executor = EXECUTOR
    c.SandboxedExecute.parallel_kernels = PARALLEL_KERNELS
    c.SandboxedExecute.limits = SANDBOX_LIMITS
    c.SandboxedExecute.hidden_paths = [str(path) for path in SANDBOX_HIDDEN_PATHS]
    c.SandboxedExecute.grading_env = GRADING_ENV

    # Staff (instructor, TAs, root's `make` targets) share the course directory and exchange as a group
    # (autograder/hub/course_dir.py): what nbgrader makes stays group-writable.
    c.CourseDirectory.groupshared = True

    # A test cell a student deleted is put back (and judged), not silently skipped.
    c.OverwriteCells.add_missing_cells = True

    # Feedback pages (and formgrader's views) drop students' scripts and event handlers.
    c.HTMLExporter.sanitize_html = True

    # Stock feedback shows the hidden tests' source (nbgrader issue #917).
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    # `nbgrader generate_feedback`, formgrader's Generate Feedback button and `make feedback` run one
    # converter, which also writes the page of each notebook that could not be graded.
    use_course_feedback()

    # Kernels started by nbgrader inherit this process's environment.
    os.environ.update(GRADING_ENV)
