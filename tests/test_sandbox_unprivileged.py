"""A grader that is not root: user namespaces give its kernels the root grader's isolation.

A system account made for this test grades a real course it owns (its own folder, mode 700,
holding the autograder package it imports, as a clone of this repository does).
This machine's Python lives under /root (mode 700), and a clone may lie in a folder of mode 700
(`mktemp -d`), which no other account may enter: the test runs the account in a private mount
namespace where each such folder shows only Python and this repository, as on a server where
both are installed for everyone. Skipped where user namespaces are not allowed.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import COURSE_FILES, REPO, copy_course

sys.path.insert(0, str(REPO / "scripts"))
import course_config  # noqa: E402
from sample_submissions import place_sample_submissions  # noqa: E402

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("useradd"),
                                reason="makes a test account and runs as it (root only)")

USER = "autograder-test"
ASSIGNMENT = "01_dense_layer"
GOLDEN = json.loads((REPO / "tests" / "submissions" / "expected_scores.json").read_text())
# Run as root in a new mount namespace: each folder other accounts cannot enter (argv[2]) becomes a
# tmpfs showing only the folders inside it that the account needs (argv[3]); then the account runs argv[4:].
AS_USER = """
import json, os, subprocess, sys, tempfile
user, closed, needed, command = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4:]
subprocess.run(["mount", "--make-rprivate", "/"], check=True)
for folder in closed:
    held = {}
    for path in needed:
        if path.startswith(folder + "/"):
            held[path] = tempfile.mkdtemp()
            subprocess.run(["mount", "--bind", path, held[path]], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755,size=64k", "needed-only", folder], check=True)
    for path, hold in held.items():
        os.makedirs(path, mode=0o755)
        subprocess.run(["mount", "--move", hold, path], check=True)
        os.rmdir(hold)
os.execvp("setpriv", ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--inh-caps=-all",
                      "--bounding-set=-all", *command])
"""
# What the account needs: this repository (its .venv, the autograder package) and the Python the .venv is made from.
NEEDED = [str(REPO), os.path.realpath(sys.base_prefix)]


def closed_folders(paths: list[str]) -> list[str]:
    """The outermost folders on the way to `paths` that other accounts may not enter."""
    closed: list[str] = []
    for path in paths:
        for folder in reversed(Path(path).parents):
            if str(folder) != "/" and not os.stat(folder).st_mode & 0o001:
                closed.append(str(folder))
                break
    return sorted(set(closed))


@pytest.fixture(scope="module")
def account():
    made = False
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        USER], check=True)
        made = True
    user = pwd.getpwnam(USER)
    try:
        allowed = subprocess.run(["unshare", "--user", "true"], user=user.pw_uid, group=user.pw_gid,
                                 extra_groups=[], capture_output=True).returncode == 0
        if not allowed:
            pytest.skip("this machine does not allow unprivileged user namespaces")
        yield user
    finally:
        if made:
            subprocess.run(["userdel", USER], check=True)


def as_user(account, course: Path, *args: str) -> subprocess.CompletedProcess:
    """`python <args>` in `course` as the test account (HOME the course, TMPDIR its sibling `<course>.tmp`)."""
    env = {"PATH": f"{REPO / '.venv' / 'bin'}:/usr/bin:/bin", "HOME": str(course), "LANG": "C.UTF-8",
           "PYTHONPATH": str(course), "TMPDIR": f"{course}.tmp", **course_config.GRADING_ENV}
    return subprocess.run(["unshare", "--mount", sys.executable, "-c", AS_USER, account.pw_name,
                           json.dumps(closed_folders(NEEDED)), json.dumps(NEEDED),
                           str(REPO / ".venv" / "bin" / "python"), *args],
                          cwd=course, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def course(account):
    root = Path(tempfile.mkdtemp(prefix="user-course-"))  # mode 700: only the account may enter
    try:
        Path(f"{root}.tmp").mkdir(mode=0o700)
        os.chown(f"{root}.tmp", account.pw_uid, account.pw_gid)
        copy_course(root, [*COURSE_FILES, "autograder"])
        for path in [root, *root.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
        generated = as_user(account, root, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force")
        assert generated.returncode == 0, f"the account {account.pw_name} could not make the course: " \
                                          f"{generated.stderr.strip().splitlines()[-1:]}"
        place_sample_submissions(root, [ASSIGNMENT])
        for path in [root, *root.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(f"{root}.tmp", ignore_errors=True)


def test_the_grader_runs_as_the_account_without_capabilities(account, course):
    probe = as_user(account, course, "-c", "import os; print(os.getresuid(), os.getgroups(), "
                    "[line.split()[1] for line in open('/proc/self/status') if line.startswith('CapEff')])")
    uid = account.pw_uid
    assert probe.stdout == f"({uid}, {uid}, {uid}) [] ['0000000000000000']\n", probe.stderr


def test_a_non_root_grader_grades_in_user_namespaces_mode(account, course):
    graded = as_user(account, course, "-m", "autograder.pipeline.batch_autograde", ASSIGNMENT)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{ASSIGNMENT}: graded 5 of 5 in" in graded.stdout
    assert "sandbox: user-namespaces mode." in graded.stdout and "sandbox advice" not in graded.stdout
    assert os.listdir(f"{course}.tmp") == []  # no pymp-*, sandbox-* or other folder left behind
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        scores = {submission.student.id: {grade.name: grade.auto_score for grade in submission.grades
                                          if grade.name in course_config.ASSIGNMENTS[ASSIGNMENT]["points"]}
                  for submission in gradebook.notebook_submissions("dense_layer", ASSIGNMENT)}
    assert scores == {student: GOLDEN[student][ASSIGNMENT] for student in GOLDEN if ASSIGNMENT in GOLDEN[student]}


HOSTILE = '''
import os, sys
from autograder.pipeline.course_assignment import course_directory
from autograder.pipeline.sandboxed_execute import SandboxedExecute
from autograder.sandbox import SandboxPool
cell = """
import os, signal, socket, subprocess
for path in ["source/01_dense_layer/dense_layer.ipynb", "submitted/ben", "gradebook.db", "/root"]:
    where = path if path.startswith("/") else ROOT + path
    try:
        print(path, "read", bool(os.listdir(where) if os.path.isdir(where) else open(where).read()))
    except OSError as error:
        print(path, error.strerror)
for name, attack in [("signal the grader", lambda: os.kill(GRADER, signal.SIGKILL)),
                     ("connect to 127.0.0.1", lambda: socket.create_connection(("127.0.0.1", 22), timeout=1)),
                     ("write the course", lambda: open(ROOT + "autograder/__init__.py", "a"))]:
    try:
        attack()
        print(name, "worked")
    except OSError as error:
        print(name, error.strerror)
print("unmount:", subprocess.run(["umount", ROOT + "source"], capture_output=True).returncode != 0)
print("capabilities:", [line.split()[1] for line in open("/proc/self/status") if line.startswith("CapEff")])
print("processes:", sorted(int(name) for name in os.listdir("/proc") if name.isdigit()) == [1])
subprocess.Popen(["sleep", "1000"], start_new_session=True)
"""
cell = cell.replace("ROOT", repr(os.getcwd() + "/")).replace("GRADER", str(os.getpid()))
assert SandboxPool.__module__ == "autograder.sandbox.pool" and sys.modules["autograder"].__file__.startswith(os.getcwd())
settings = SandboxedExecute(config=course_directory().config).pool_settings(size=1)  # the course's, in the cwd
with SandboxPool(**settings) as pool, pool.kernel("submitted/ada/01_dense_layer") as kernel:
    print(pool.mode, "".join(output.get("text", "") for output in kernel.run_cell(cell).outputs), end="")
def sleeping():
    found = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            found += [name] if open(f"/proc/{name}/cmdline", "rb").read() == b"sleep\\x001000\\x00" else []
        except OSError:
            pass
    return found
print("left behind:", sleeping())
'''


def test_a_non_root_graders_kernels_cannot_read_the_course_or_reach_the_grader(account, course):
    attack = as_user(account, course, "-c", HOSTILE)
    assert attack.stdout == (
        "user-namespaces source/01_dense_layer/dense_layer.ipynb Permission denied\n"
        "submitted/ben Permission denied\n"
        "gradebook.db Permission denied\n"
        "/root Permission denied\n"
        "signal the grader No such process\n"
        "connect to 127.0.0.1 Network is unreachable\n"
        "write the course Read-only file system\n"
        "unmount: True\n"
        "capabilities: ['0000000000000000']\n"
        "processes: True\n"
        "left behind: []\n"), attack.stderr


# Installs a seccomp filter that refuses unshare(CLONE_NEWUSER) with EPERM, as Docker's default
# profile does, then becomes the grader: user namespaces are "forbidden by a security policy".
NO_USER_NAMESPACES = '''
import ctypes, os, platform, struct, sys
UNSHARE = {"x86_64": 272, "aarch64": 97}[platform.machine()]
def op(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)
program = b"".join([
    op(0x20, 0),                     # A = seccomp_data.nr
    op(0x15, UNSHARE, 0, 3),         # if A != unshare: allow
    op(0x20, 16),                    # A = low word of args[0] (the CLONE_* flags)
    op(0x45, 0x10000000, 0, 1),      # if A & CLONE_NEWUSER:
    op(0x06, 0x00050000 | 1),        #     return ERRNO(EPERM)
    op(0x06, 0x7FFF0000),            # return ALLOW
])
buffer = ctypes.create_string_buffer(program)
fprog = struct.pack("HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(38, 1, 0, 0, 0) == 0                     # PR_SET_NO_NEW_PRIVS
assert libc.prctl(22, 2, ctypes.c_char_p(fprog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
'''


def test_where_user_namespaces_are_forbidden_a_non_root_grader_falls_back_and_says_what_to_do(account, course):
    graded = as_user(account, course, "-c", NO_USER_NAMESPACES, "-m", "autograder.pipeline.batch_autograde",
                     ASSIGNMENT, "--all")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{ASSIGNMENT}: graded 5 of 5 in" in graded.stdout and "sandbox: fallback mode." in graded.stdout
    assert os.listdir(f"{course}.tmp") == []  # the fallback kernels' working copies are gone too
    assert graded.stdout.splitlines()[-1] == (
        "  sandbox advice: fallback mode isolates nothing but time, memory and processes: kernels can read every "
        "file the grader can and reach the network; grade as root, or allow unprivileged user namespaces "
        "(sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces=10000; on Ubuntu 24.04 also "
        "kernel.apparmor_restrict_unprivileged_userns=0) [user namespaces are not available: "
        "unshare(CLONE_NEWUSER) failed with EPERM (Operation not permitted): the kernel or a security policy "
        "forbids unprivileged user namespaces]")
