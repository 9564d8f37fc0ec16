"""A course wherever it lives: cloned with umask 077 into a `mktemp -d` folder (mode 700), graded as root.

The kernels run as uids of their own, which may not read such a folder: the sandbox shows it to
them through an idmapped, read-only view (mounts.readable_to). A course they still cannot read
stops `make autograde` before the first kernel, with one sentence, and records nothing.

The course here is a real one: its files (the autograder package included, imported from the
course folder) are copied with mode 600/700, and its `.venv` is the repository's own venv,
bind-mounted into the course folder in a private mount namespace (a copy would be 2 GB).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import REPO, copy_course

sys.path.insert(0, str(REPO / "scripts"))
import course_config  # noqa: E402
from sample_submissions import place_sample_submissions  # noqa: E402

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="grades as root, in a private mount namespace")

ASSIGNMENT = "01_dense_layer"
NOTEBOOK = course_config.ASSIGNMENTS[ASSIGNMENT]["notebook"]
GOLDEN = json.loads((REPO / "tests" / "submissions" / "expected_scores.json").read_text())
COURSE_FILES = ["course_config.py", "nbgrader_config.py", "source", "autograder"]


def private_course(closed: str) -> Path:
    """A course in a new `mktemp -d` folder; `closed` is "all" (umask 077 everywhere) or "autograder" (only it)."""
    root = Path(tempfile.mkdtemp(prefix="closed-course-"))
    copy_course(root, COURSE_FILES)
    (root / ".venv").mkdir()
    return root


def close(folder: Path) -> None:
    """Modes as umask 077 makes them: folders 700, files 600."""
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)


def in_course(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m <args>` in the course folder, its .venv bound to the repository's, as root."""
    return python_in_course(root, "-m", *args)


def python_in_course(root: Path, *args: str) -> subprocess.CompletedProcess:
    script = 'mount --bind "$1" "$2/.venv" && cd "$2" && shift 2 && exec "$@"'
    env = dict(os.environ, PYTHONPATH=str(root), PATH=f"{root / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", str(REPO / ".venv"), str(root),
                           str(root / ".venv" / "bin" / "python"), *args],
                          env=env, capture_output=True, text=True, timeout=600)


def prepared(closed: str) -> Path:
    root = private_course(closed)
    generated = in_course(root, "nbgrader", "generate_assignment", ASSIGNMENT, "--force")
    assert generated.returncode == 0, generated.stderr
    place_sample_submissions(root, [ASSIGNMENT])
    close(root if closed == "all" else root / closed)
    return root


@pytest.fixture
def course_700():
    root = prepared("all")
    yield root
    shutil.rmtree(root)


@pytest.fixture
def course_with_a_closed_package():
    root = prepared("autograder")
    root.chmod(0o755)
    yield root
    shutil.rmtree(root)


def scores(root: Path) -> dict:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        return {submission.student.id: {grade.name: grade.auto_score for grade in submission.grades
                                        if grade.name in course_config.ASSIGNMENTS[ASSIGNMENT]["points"]}
                for submission in gradebook.notebook_submissions(Path(NOTEBOOK).stem, ASSIGNMENT)}


def test_a_course_cloned_with_umask_077_is_graded_like_any_other(course_700):
    assert os.stat(course_700).st_mode & 0o777 == 0o700
    assert os.stat(course_700 / "autograder" / "sandbox" / "pool.py").st_mode & 0o777 == 0o600
    graded = in_course(course_700, "autograder.pipeline.batch_autograde", ASSIGNMENT)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{ASSIGNMENT}: graded 5 of 5 in" in graded.stdout and "sandbox: namespaces mode." in graded.stdout
    assert scores(course_700) == {student: GOLDEN[student][ASSIGNMENT] for student in GOLDEN
                                  if ASSIGNMENT in GOLDEN[student]}


def test_a_course_the_kernels_cannot_read_stops_before_any_grade(course_with_a_closed_package):
    root = course_with_a_closed_package
    graded = in_course(root, "autograder.pipeline.batch_autograde", ASSIGNMENT)
    last = re.sub(r"uid 61\d\d\d ", "uid 61xxx ", graded.stderr.splitlines()[-1])
    assert (graded.returncode, last) == (3, (
        f"No submission of {ASSIGNMENT} was graded: sandboxed kernels, which run as uid 61xxx in namespaces mode, "
        f"cannot read {root / 'autograder'} (Permission denied), which grading needs; make the course and its .venv "
        f"readable to other users (chmod -R o+rX on the course folder, or clone it with umask 022) or keep them on "
        f"a file system with idmapped mounts (ext4, xfs, btrfs, tmpfs; not NFS)."))
    assert scores(root) == {}
    assert not (root / "autograded").exists() and not list((root / "submitted").rglob("*.json"))


HOSTILE = '''
import sys
from autograder.pipeline.course_assignment import course_directory
from autograder.pipeline.sandboxed_execute import SandboxedExecute
from autograder.sandbox import SandboxPool
cell = """
import os
for path in ["source/01_dense_layer/dense_layer.ipynb", "submitted/ben", "gradebook.db", "course_config.py",
             "autograder/__init__.py"]:
    try:
        found = os.listdir(ROOT + path) if os.path.isdir(ROOT + path) else open(ROOT + path).read()
        print(path, "read", len(found) > 0)
    except OSError as error:
        print(path, error.strerror)
""".replace("ROOT", repr(sys.argv[1] + "/"))
settings = SandboxedExecute(config=course_directory().config).pool_settings(size=1)  # the course's, in the cwd
with SandboxPool(**settings) as pool, pool.kernel(sys.argv[1] + "/submitted/ada/01_dense_layer") as kernel:
    print(pool.mode, "".join(output.get("text", "") for output in kernel.run_cell(cell).outputs), end="")
'''


def test_in_a_course_of_mode_700_kernels_still_cannot_read_answers_submissions_or_grades(course_700):
    made = in_course(course_700, "nbgrader", "db", "student", "list")  # makes gradebook.db, to have one to hide
    assert made.returncode == 0 and (course_700 / "gradebook.db").is_file(), made.stderr
    read = python_in_course(course_700, "-c", HOSTILE, str(course_700))
    assert read.stdout == ("namespaces source/01_dense_layer/dense_layer.ipynb Permission denied\n"
                           "submitted/ben Permission denied\n"
                           "gradebook.db Permission denied\n"
                           "course_config.py Permission denied\n"  # of the course's folder, only autograder/ shows
                           "autograder/__init__.py read True\n"), read.stderr
