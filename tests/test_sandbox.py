"""The sandbox pool: real kernel processes, hostile cells, exact outputs and sentences.

One pool per module (the forkserver imports TensorFlow once). After every
test no process of the pool's uids may be left, and after a cell that kills
its kernel a fresh kernel must still work.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import course_config
from autograder.sandbox import Limits, SandboxError, SandboxPool, memory_cgroup, problems, protocol, replies
from autograder.sandbox.captured_output import ImageBudget, OutputLog, cap_outputs
from autograder.sandbox.memory_cgroup import KernelCgroup
from autograder.sandbox.processes import Members, pids
from autograder.sandbox.uid_leases import UidLease

REPO = course_config.ROOT
TEST_LIMITS = Limits(memory_bytes=3 * 2**29, cell_timeout=2.0, notebook_timeout=60.0, max_output_chars=1000,
                     max_file_bytes=2**20)
ECHO = "autograder.sandbox.echo_facts"
PRELOAD = ("tensorflow", "keras", ECHO)
SECRET = "sandbox-test-secret-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def pool():
    os.environ["SANDBOX_TEST_SECRET"] = SECRET  # the forkserver inherits it; kernels must not see it
    try:
        with SandboxPool(size=2, limits=TEST_LIMITS, hidden_paths=course_config.SANDBOX_HIDDEN_PATHS,
                         preload=PRELOAD, collector=f"{ECHO}:collect", env=course_config.GRADING_ENV) as opened:
            yield opened
    finally:
        os.environ.pop("SANDBOX_TEST_SECRET", None)


@pytest.fixture(scope="module")
def fallback_pool(pool):
    """Shares the forkserver of `pool` (same preload)."""
    with SandboxPool(size=1, limits=TEST_LIMITS, preload=PRELOAD, collector=f"{ECHO}:collect",
                     env=course_config.GRADING_ENV, isolation="fallback") as opened:
        yield opened


@pytest.fixture
def namespaces(pool):
    if pool.mode != "namespaces":
        pytest.skip(f"this machine runs kernels in {pool.mode} mode")
    return pool


@pytest.fixture
def cgroups(pool):
    if pool.cgroup_parent is None:
        pytest.skip(f"kernels get no memory cgroup on this machine: {pool.cgroup_problem}")
    return pool


@pytest.fixture(autouse=True)
def no_leftover_processes(request):
    yield
    if "pool" in request.fixturenames:
        pool = request.getfixturevalue("pool")
        assert [pids(Members(uid=uid), include_zombies=True) for uid in pool.uids] == [[] for _ in pool.uids]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "data.txt").write_text("hello\n")
    return tmp_path


def run(pool, folder, *cells):
    """The results of running `cells` in one fresh kernel."""
    with pool.kernel(folder) as kernel:
        return [kernel.run_cell(cell) for cell in cells]


def stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def result(text, count):
    return {"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}, "execution_count": count}


def assert_fresh_kernel_works(pool, folder):
    [after] = run(pool, folder, "print(open('data.txt').read().strip())")
    assert (after.status, after.outputs) == ("ok", [stdout("hello\n")])


# -- cells that behave ----------------------------------------------------------------------


def test_outputs_are_jupyters(pool, folder):
    cells = run(pool, folder,
                "x = 1\nprint(x)\nx + 1",
                "import sys\nprint('careful', file=sys.stderr)",
                "from IPython.display import HTML, display\ndisplay(HTML('<b>hi</b>'))\nx;",
                "1/0",
                "import sys\n(type(sys.last_value).__name__, len(In), Out[1])",
                "%who_ls")
    assert [cell.status for cell in cells] == ["ok", "ok", "ok", "error", "ok", "ok"]
    assert [cell.problem for cell in cells] == [""] * 6
    assert cells[0].outputs == [stdout("1\n"), result("2", 1)]
    assert cells[1].outputs == [{"output_type": "stream", "name": "stderr", "text": "careful\n"}]
    assert cells[2].outputs == [{"output_type": "display_data", "metadata": {},
                                 "data": {"text/plain": "<IPython.core.display.HTML object>", "text/html": "<b>hi</b>"}}]
    assert cells[3].outputs == [{
        "output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
        "traceback": ["-" * 75, "ZeroDivisionError                         Traceback (most recent call last)",
                      "Cell In[4], line 1\n----> 1 1/0\n", "ZeroDivisionError: division by zero"]}]
    assert cells[4].outputs == [result("('ZeroDivisionError', 6, 2)", 5)]
    assert cells[5].outputs == [result("['HTML', 'display', 'sys', 'x']", 6)]


def test_figures_are_display_data_as_in_jupyter(pool, folder):
    with pool.kernel(folder, limits=Limits(max_output_chars=100_000)) as kernel:
        cell = kernel.run_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()")
    [figure] = cell.outputs
    assert (figure["output_type"], sorted(figure["data"]), figure["data"]["text/plain"]) == (
        "display_data", ["image/png", "text/plain"], "<Figure size 640x480 with 1 Axes>")
    assert figure["data"]["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature


def test_a_kernel_starts_with_what_the_forkserver_imported_frozen(pool, folder):
    """forkserver_ready.py: the preload (TensorFlow, Keras) sits in gc's permanent generation, never walked."""
    [cell] = run(pool, folder, "import gc, keras\nprint(gc.get_freeze_count() > 100_000, gc.is_tracked(keras.Sequential))")
    assert (cell.status, cell.outputs) == ("ok", [stdout("True True\n")])


def test_kernel_works_in_a_copy_of_the_folder_only(pool, folder):
    cells = run(pool, folder, "import os\nsorted(os.listdir('.')), os.path.basename(os.getcwd())",
                "open('data.txt', 'w').write('changed')")
    assert cells[0].outputs == [result(f"(['data.txt'], '{folder.name}')", 1)]
    assert cells[1].status == "ok"
    assert (folder / "data.txt").read_text() == "hello\n"


def test_fd_level_and_child_process_output_is_captured(pool, folder):
    [cell] = run(pool, folder, "import os, subprocess\nos.write(1, b'from C\\n')\n"
                               "subprocess.run(['echo', 'from a child'])\nos.write(2, b'oops\\n');")
    assert cell.outputs == [stdout("from C\nfrom a child\n"),
                            {"output_type": "stream", "name": "stderr", "text": "oops\n"}]


def test_keras_model_builds_and_fits_in_a_kernel(pool, folder):
    [cell] = run(pool, folder, "import keras, numpy as np\n"
                               "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation='relu'),"
                               " keras.layers.Dense(1)])\n"
                               "model.compile('adam', 'mse')\n"
                               "model.fit(np.ones((8, 3)), np.ones((8, 1)), epochs=1, verbose=0)\n"
                               "model.predict(np.ones((2, 3)), verbose=0).shape")
    assert (cell.status, cell.outputs) == ("ok", [result("(2, 1)", 1)])


def test_collect_returns_the_collectors_plain_data(pool, folder):
    with pool.kernel(folder) as kernel:
        kernel.run_cell("def answer():\n    print('noise')\n    return 42")
        facts = kernel.collect({"check": "echo", "call": "answer"})
        raised = kernel.collect({"raise": "instructor bug"})
        after = kernel.run_cell("answer()")
    assert (facts.status, facts.facts, facts.problem) == (
        "ok", {"echo": {"check": "echo", "call": "answer"}, "value": "42"}, "")
    assert (raised.status, raised.facts, raised.problem) == (
        "raised", None, "the grader could not collect facts about this answer")
    assert raised.error.splitlines()[-1] == "RuntimeError: instructor bug"
    assert after.outputs == [stdout("noise\n"), result("42", 2)]  # the collection's print was dropped


# -- cells that break things -------------------------------------------------------------------


@pytest.mark.parametrize("code, evalue, traceback", [
    ("raise SystemExit", "", ["An exception has occurred, use %tb to see the full traceback.\n", "SystemExit\n"]),
    ("import sys\nsys.exit(3)", "3",
     ["An exception has occurred, use %tb to see the full traceback.\n", "SystemExit: 3\n"]),
])
def test_system_exit_is_an_error_output_and_the_kernel_lives_on(pool, folder, code, evalue, traceback):
    cells = run(pool, folder, code, "'still here'")
    assert cells[0].status == "error"
    assert cells[0].outputs == [{"output_type": "error", "ename": "SystemExit", "evalue": evalue,
                                 "traceback": traceback}]
    assert cells[1].outputs == [result("'still here'", 2)]


@pytest.mark.parametrize("code, status, problem", [
    ("import os\nos._exit(3)", "died", "your kernel stopped in this cell (it exited with code 3)"),
    ("import ctypes\nctypes.string_at(0)", "died", "your kernel crashed in this cell (SIGSEGV: Segmentation fault)"),
    ("while True:\n    pass", "timeout", "your notebook ran out of time (2 s) in this cell"),
    ("import time\ntime.sleep(30)", "timeout", "your notebook ran out of time (2 s) in this cell"),
])
def test_a_kernel_that_dies_or_hangs_is_stopped_with_a_sentence(pool, folder, code, status, problem):
    with pool.kernel(folder) as kernel:
        first = kernel.run_cell(code)
        later = kernel.run_cell("1 + 1")
        collected = kernel.collect({"check": "echo"})
        assert not kernel.usable
    assert (first.status, first.outputs, first.problem) == (status, [], problem)
    assert (later.status, later.outputs, later.problem) == ("unusable", [], problem)
    assert (collected.status, collected.facts, collected.problem) == ("unusable", None, problem)
    if status == "timeout":
        assert 2.0 <= first.seconds < 3.5
    assert_fresh_kernel_works(pool, folder)


def test_the_whole_notebook_has_a_time_limit(pool, folder):
    with pool.kernel(folder, limits=Limits(cell_timeout=5.0, notebook_timeout=1.5)) as kernel:
        first = kernel.run_cell("import time\ntime.sleep(1)")
        second = kernel.run_cell("time.sleep(1)")
    assert (first.status, second.status) == ("ok", "timeout")
    assert second.problem == "your notebook ran out of time (1.5 s for the whole notebook) in this cell"


def test_collect_that_hangs_or_kills_the_kernel(pool, folder):
    with pool.kernel(folder) as kernel:
        kernel.run_cell("import time\ndef slow():\n    time.sleep(30)")
        hung = kernel.collect({"call": "slow"})
    with pool.kernel(folder) as kernel:
        kernel.run_cell("import os\ndef bye():\n    os._exit(4)")
        died = kernel.collect({"call": "bye"})
    assert (hung.status, hung.problem) == (
        "timeout", "your notebook ran out of time (2 s) while the grader was checking your answers")
    assert (died.status, died.problem) == (
        "died", "your kernel stopped while the grader was checking your answers (it exited with code 4)")


def test_a_huge_allocation_is_a_memory_error(pool, folder):
    cells = run(pool, folder, "import numpy\nnumpy.ones(3 * 2**30)", "'still here'")
    assert (cells[0].status, cells[0].outputs[0]["ename"], cells[0].outputs[0]["evalue"]) == (
        "error", "MemoryError",
        "Unable to allocate 24.0 GiB for an array with shape (3221225472,) and data type float64")
    assert cells[1].outputs == [result("'still here'", 2)]


def test_processes_that_together_use_too_much_memory_are_killed(pool, folder):
    code = ("import os, time\n"
            "for _ in range(3):\n"
            "    if os.fork() == 0:\n"
            "        data = b'x' * (700 * 2**20)\n"
            "        time.sleep(60)\n"
            "time.sleep(60)")
    with pool.kernel(folder, limits=Limits(memory_bytes=3 * 2**29, cell_timeout=30.0)) as kernel:
        cell = kernel.run_cell(code)
    assert (cell.status, cell.problem) == (
        "memory_limit", "your kernel was killed in this cell: it used more than 1.5 GiB of memory")
    assert_fresh_kernel_works(pool, folder)


# -- memory cgroups (a root grader with a writable cgroup v1 memory controller) ------------------

# `count` memfds of 50 MiB each, written and kept open but never mapped: in no process's PSS or RLIMIT_DATA.
HOARD_MEMFDS = ("import os\n"
                "chunk = b'm' * (10 << 20)\n"
                "hoard = []\n"
                "for index in range({count}):\n"
                "    fd = os.memfd_create(f'hoard{{index}}')\n"
                "    for _ in range(5):\n"
                "        os.write(fd, chunk)\n"
                "    hoard.append(fd)\n"
                "len(hoard)")
MEMFD_LIMITS = Limits(memory_bytes=3 * 2**29, cell_timeout=30.0)  # files of 50 MiB
KERNEL_CGROUP = "next(line.split(':', 2)[2].strip() for line in open('/proc/self/cgroup') if ':memory:' in line)"


def test_memory_hoarded_in_memfds_is_stopped_as_out_of_memory(cgroups, folder):
    with cgroups.kernel(folder, limits=MEMFD_LIMITS) as kernel:
        cell = kernel.run_cell(HOARD_MEMFDS.format(count=50))  # 2.5 GiB
        cgroup = kernel.cgroup.path
    assert (cell.status, cell.outputs, cell.problem) == (
        "memory_limit", [], "your kernel was killed in this cell: it used more than 1.5 GiB of memory")
    assert cell.seconds < 15.0  # stopped by the limit (~1.5 s here), not by the cell's 30 s
    assert not cgroup.exists()
    assert_fresh_kernel_works(cgroups, folder)


def test_an_honest_kernel_runs_unhindered_in_its_own_memory_cgroup(cgroups, folder):
    with cgroups.kernel(folder, limits=MEMFD_LIMITS) as kernel:
        cells = [kernel.run_cell(code) for code in (
            "import keras, numpy as np\n"
            "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation='relu'),"
            " keras.layers.Dense(1)])\n"
            "model.compile('adam', 'mse')\n"
            "model.fit(np.ones((64, 3)), np.ones((64, 1)), epochs=2, verbose=0)\n"
            "model.predict(np.ones((2, 3)), verbose=0).shape",
            HOARD_MEMFDS.format(count=10),  # 500 MiB, under the 1.5 GiB limit
            f"import os\nprint(os.getuid())\n{KERNEL_CGROUP}")]
        cgroup = kernel.cgroup
        limits = {name: (cgroup.path / name).read_text() for name in (
            "memory.limit_in_bytes", "memory.memsw.limit_in_bytes") if (cgroup.path / name).exists()}
        members = cgroup.pids()
        uid = int(cells[2].outputs[0]["text"])
    seen_from_inside = "/" + str(cgroup.path.relative_to(memory_cgroup.DEFAULT_ROOT))
    assert [(cell.status, cell.outputs) for cell in cells] == [
        ("ok", [result("(2, 1)", 1)]), ("ok", [result("10", 2)]),
        ("ok", [stdout(f"{uid}\n"), result(repr(seen_from_inside), 3)])]
    assert cgroup.path == cgroups.cgroup_parent / f"autograder-sandbox-uid{uid}"
    assert limits["memory.limit_in_bytes"] == f"{3 * 2**29}\n"
    assert set(limits.values()) == {f"{3 * 2**29}\n"}  # memory and swap together, when swap is accounted
    assert kernel.pid in members
    assert not cgroup.path.exists()


def test_a_kernels_memory_cgroup_goes_with_its_last_process(fallback_pool, folder):
    """In fallback mode a child in a session of its own escapes the kernel's session, not its cgroup."""
    if fallback_pool.cgroup_parent is None:
        pytest.skip(f"kernels get no memory cgroup on this machine: {fallback_pool.cgroup_problem}")
    with fallback_pool.kernel(folder) as kernel:
        [output] = kernel.run_cell("import subprocess\n"
                                   "subprocess.Popen(['sleep', '1000'], start_new_session=True).pid").outputs
        pid = int(output["data"]["text/plain"])
        cgroup = kernel.cgroup
        assert pid in cgroup.pids()
    assert not cgroup.path.exists()
    assert wait_until_gone(pid)


def test_a_cgroup_left_by_a_killed_grader_is_replaced(cgroups):
    [lease] = UidLease.take(1)  # a uid of no running pool, as the killed grader's was
    sleeper = subprocess.Popen(["sleep", "1000"])
    try:
        stale = cgroups.cgroup_parent / f"autograder-sandbox-uid{lease.uid}"
        stale.mkdir()
        (stale / "cgroup.procs").write_text(str(sleeper.pid))
        fresh = KernelCgroup.create(cgroups.cgroup_parent, lease.uid, 2**29)
        try:
            assert (sleeper.wait(5.0), fresh.path, fresh.pids(), (fresh.path / "memory.limit_in_bytes").read_text()) \
                == (-9, stale, [], f"{2**29}\n")
        finally:
            fresh.remove()
    finally:
        sleeper.kill()
        sleeper.wait()
        lease.release()
    assert not stale.exists()


@pytest.mark.parametrize("root, problem", [
    ("plain folder", "{parent} is not a memory cgroup (it has no memory.limit_in_bytes)"),
    ("read-only cgroup", "{parent} is not writable: [Errno 1] Operation not permitted: "
                         "'{parent}/autograder-sandbox-uid{uid}'"),
])
def test_without_a_writable_memory_cgroup_kernels_run_as_before(pool, tmp_path, folder, caplog, root, problem):
    if not pool.uids:
        pytest.skip("only a root grader makes memory cgroups")
    parent = tmp_path / memory_cgroup.grader_cgroup().lstrip("/")
    with contextlib.ExitStack() as stack:
        if root == "read-only cgroup":  # looks like this process's memory cgroup; even root cannot write it
            parent.mkdir(parents=True)
            (parent / "memory.limit_in_bytes").write_text("9223372036854771712\n")
            stack.enter_context(immutable(parent))
        caplog.set_level(logging.WARNING, logger="autograder.sandbox.pool")
        with SandboxPool(size=1, limits=TEST_LIMITS, preload=PRELOAD, collector=f"{ECHO}:collect",
                         env=course_config.GRADING_ENV, memory_cgroup_root=tmp_path) as without:
            with without.kernel(folder) as kernel:
                cell = kernel.run_cell(KERNEL_CGROUP)
                assert kernel.cgroup is None
    [uid] = without.uids
    assert (without.cgroup_parent, without.cgroup_problem) == (None, problem.format(parent=parent, uid=uid))
    assert cell.outputs == [result(repr(memory_cgroup.grader_cgroup()), 1)]  # where the forkserver is
    assert [record.getMessage() for record in caplog.records if record.name == "autograder.sandbox.pool"] == [
        f"sandbox pool: 1 kernels at once, {without.mode} mode, uids {uid}-{uid}, no memory cgroups "
        f"({without.cgroup_problem}): memory that no process maps, such as memfds, is not limited"]


@contextlib.contextmanager
def immutable(path: Path):
    """Set the file system's immutable flag (chattr +i) on `path` for a while: nothing can be made in it."""
    get_flags, set_flags, immutable_flag = 0x80086601, 0x40086602, 0x10  # FS_IOC_[GS]ETFLAGS, FS_IMMUTABLE_FL
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = array.array("l", [0])
        try:
            fcntl.ioctl(fd, get_flags, flags, True)
            fcntl.ioctl(fd, set_flags, array.array("l", [flags[0] | immutable_flag]))
        except OSError as error:
            pytest.skip(f"{path}'s file system has no immutable flag: {error}")
        try:
            yield
        finally:
            fcntl.ioctl(fd, set_flags, flags)
    finally:
        os.close(fd)


def wait_until_gone(pid: int, seconds: float = 5.0) -> bool:
    """Whether process `pid` is gone (a killed one is reaped by the forkserver a moment later)."""
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_printing_500_mb_keeps_the_head_only(pool, folder):
    [cell] = run(pool, folder, "print('x' * 500_000_000)")
    note = "\n[output truncated: 499,999,001 more characters were not kept; a cell keeps at most 1,000]\n"
    assert (cell.status, cell.outputs) == ("ok", [stdout("x" * 1000 + note)])


def test_a_lying_kernel_is_a_bad_reply_not_a_crash(pool, folder):
    code = ("import os, stat, time\n"
            "def is_socket(fd):\n"
            "    try:\n"
            "        return stat.S_ISSOCK(os.fstat(fd).st_mode)\n"
            "    except OSError:\n"
            "        return False\n"
            "os.write(next(fd for fd in range(3, 256) if is_socket(fd)), b'\\xff\\xff\\xff\\xff')\n"
            "time.sleep(30)")
    [cell] = run(pool, folder, code)
    assert (cell.status, cell.problem) == (
        "bad_reply", "your kernel was stopped in this cell: it sent the grader a reply it cannot read "
                     "(a message of 4,294,967,295 bytes is over the 16,777,216-byte limit)")


IMAGE_NOTE = ("\n[images truncated: {count} not kept ({chars:,} characters); a cell keeps at most 20 images "
              "and 4 MiB of them, a notebook 16 MiB]\n")


def image(size: int, label: str = "img") -> dict:
    return {"output_type": "display_data", "data": {"image/png": "A" * size, "text/plain": label}, "metadata": {}}


def test_a_figure_is_kept_beside_a_full_text_budget(pool, folder):
    """A figure (~30 KB of base64) is not text: 1,000 characters of text do not crowd it out."""
    with pool.kernel(folder) as kernel:
        cell = kernel.run_cell("import matplotlib.pyplot as plt\nprint('x' * 5000)\nplt.plot([1, 2])\nplt.show()")
    text, figure, note = cell.outputs
    assert (text, note) == (stdout("x" * 1000), stdout(
        "\n[output truncated: 4,001 more characters were not kept; a cell keeps at most 1,000]\n"))
    assert figure["data"]["text/plain"] == "<Figure size 640x480 with 1 Axes>"
    assert figure["data"]["image/png"].startswith("iVBORw0KGgo")


def test_a_flood_of_images_keeps_20_per_cell_and_says_so(pool, folder):
    flood = ("from IPython.display import display\n"
             "for i in range(500):\n"
             "    display({'image/png': 'A' * 1000, 'text/plain': f'image {i}'}, raw=True)")
    with pool.kernel(folder) as kernel:
        [flooded] = [kernel.run_cell(flood).outputs]
        [huge] = [kernel.run_cell("from IPython.display import display\n"
                                  "display({'image/png': 'A' * (5 * 2**20), 'text/plain': 'huge'}, raw=True)").outputs]
    # 20 images; then their labels stand in for them until the 1,000 characters of text are used.
    labels = [f"image {i}" for i in range(20, 500)]
    kept_labels = []
    while sum(map(len, kept_labels)) + len(labels[len(kept_labels)]) <= 1000:
        kept_labels.append(labels[len(kept_labels)])
    dropped_text = sum(map(len, labels)) - sum(map(len, kept_labels))
    assert flooded == [image(1000, f"image {i}") for i in range(20)] + [
        {"output_type": "display_data", "data": {"text/plain": label}, "metadata": {}} for label in kept_labels] + [
        stdout(f"\n[output truncated: {dropped_text:,} more characters were not kept; a cell keeps at most 1,000]"
               + IMAGE_NOTE.format(count="480 images were", chars=480_000))]
    assert huge == [{"output_type": "display_data", "data": {"text/plain": "huge"}, "metadata": {}},
                    stdout(IMAGE_NOTE.format(count="1 image was", chars=5 * 2**20))]


def test_started_processes_do_not_outlive_their_kernel(namespaces, folder):
    with namespaces.kernel(folder) as kernel:
        [output] = kernel.run_cell(
            "import subprocess\n"
            "p = subprocess.Popen(['sleep', '1000'], start_new_session=True)\n"
            "subprocess.run('(setsid sleep 1001 &)', shell=True)\n"
            "p.pid").outputs
        pid = int(output["data"]["text/plain"])
        assert wait_for_commands(namespaces.uids, {"sleep 1000", "sleep 1001"})
    assert not Path(f"/proc/{pid}").exists()


def wait_for_commands(uids, wanted: set[str], seconds: float = 5.0) -> bool:
    """Whether processes of `uids` run the `wanted` command lines (the detached one starts a moment later)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if wanted <= {command_line(pid) for uid in uids for pid in pids(Members(uid=uid))}:
            return True
        time.sleep(0.02)
    return False


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").replace(b"\0", b" ").decode()
    except OSError:
        return ""


# -- isolation (namespaces mode) -------------------------------------------------------------


def test_kernel_runs_as_an_unprivileged_uid(namespaces, folder):
    [cell] = run(namespaces, folder, "import os\ntry:\n    os.setuid(0)\nexcept PermissionError as e:\n"
                                     "    print(e)\nos.getuid() in range(61000, 62000)")
    assert cell.outputs == [stdout("[Errno 1] Operation not permitted\n"), result("True", 1)]


@pytest.mark.parametrize("path", [REPO / "source", REPO / "source" / "01_dense_layer" / "dense_layer.ipynb",
                                  REPO / "tests", REPO / ".git", Path("/root")])
def test_hidden_paths_cannot_be_read(namespaces, folder, path):
    code = f"import os\np = {str(path)!r}\nos.listdir(p) if os.path.isdir(p) else open(p).read()"
    [cell] = run(namespaces, folder, code)
    assert (cell.outputs[0]["ename"], cell.outputs[0]["evalue"]) == (
        "PermissionError", f"[Errno 13] Permission denied: '{path}'")


def test_only_the_autograder_package_shows_of_the_course_folder(namespaces, folder):
    """What the hidden list does not name (a demo course, notes, a copy of the answers) is hidden too."""
    extra = REPO / f"demo-{uuid.uuid4().hex[:8]}"
    (extra / "source").mkdir(parents=True)
    (extra / "source" / "answers.py").write_text("model = 'the answer'\n")
    paths = [extra / "source" / "answers.py", REPO / "course_config.py", REPO / "autograder" / "__init__.py"]
    try:
        [cell] = run(namespaces, folder, f"import os\n[os.access(p, os.R_OK) for p in {[str(p) for p in paths]!r}]")
    finally:
        for path in reversed([extra, *extra.rglob("*")]):
            path.rmdir() if path.is_dir() else path.unlink()
    assert cell.outputs == [result("[False, False, True]", 1)]


def test_the_gradebook_cannot_be_read(namespaces, folder):
    if not (REPO / "gradebook.db").exists():
        pytest.skip("no gradebook.db here")
    [cell] = run(namespaces, folder, f"open({str(REPO / 'gradebook.db')!r}, 'rb').read()")
    assert cell.outputs[0]["evalue"] == f"[Errno 13] Permission denied: '{REPO / 'gradebook.db'}'"


def test_python_still_imports_from_a_hidden_folder(namespaces, folder):
    [cell] = run(namespaces, folder, "import xml.dom.minidom, wave\nwave.__name__")
    assert cell.outputs == [result("'wave'", 1)]


def test_network_is_unreachable(namespaces, folder):
    [cell] = run(namespaces, folder, "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)")
    assert (cell.outputs[0]["ename"], cell.outputs[0]["evalue"]) == ("OSError", "[Errno 101] Network is unreachable")


def test_writing_outside_the_working_copy_fails_or_stays_private(namespaces, folder):
    name = f"sandbox-escape-{uuid.uuid4().hex}"
    cells = run(namespaces, folder,
                f"open({str(REPO / 'autograder' / name)!r}, 'w')",
                f"open('/tmp/{name}', 'w').write('x')",
                "with open('big.bin', 'wb') as big:\n    big.write(b'x' * (2**20 + 1))")
    assert (cells[0].outputs[0]["ename"], cells[0].outputs[0]["evalue"]) == (
        "OSError", f"[Errno 30] Read-only file system: '{REPO / 'autograder' / name}'")
    assert cells[1].outputs == [result("1", 2)]
    assert (cells[2].outputs[0]["ename"], cells[2].outputs[0]["evalue"]) == ("OSError", "[Errno 27] File too large")
    assert not (REPO / "autograder" / name).exists() and not Path(f"/tmp/{name}").exists()


def test_the_graders_environment_is_not_visible(namespaces, folder):
    [cell] = run(namespaces, folder,
                 "import os\n"
                 f"({SECRET!r} in open('/proc/self/environ').read(), 'SANDBOX_TEST_SECRET' in os.environ,"
                 " os.environ['TF_CPP_MIN_LOG_LEVEL'])")
    assert cell.outputs == [result("(False, False, '3')", 1)]


def test_other_processes_are_invisible(namespaces, folder):
    [cell] = run(namespaces, folder, f"import os\nos.path.exists('/proc/{os.getpid()}'), os.path.exists('/proc/1')")
    assert cell.outputs == [result("(False, False)", 1)]


# -- the pool ------------------------------------------------------------------------------


def test_kernels_run_in_parallel_from_threads(pool, folder):
    running, most = 0, 0
    lock = threading.Lock()

    def grade(_):
        nonlocal running, most
        with pool.kernel(folder, limits=dataclasses.replace(TEST_LIMITS, cell_timeout=30.0)) as kernel:
            with lock:
                running += 1
                most = max(most, running)
            # Long enough for two kernels' cells to overlap however slowly a loaded machine starts the next.
            cell = kernel.run_cell("import os, time, keras\nkeras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
                                   "time.sleep(3)\nos.getpid(), os.getuid()")
            with lock:
                running -= 1
        return cell

    with ThreadPoolExecutor(4) as threads:
        cells = list(threads.map(grade, range(4)))
    assert [cell.status for cell in cells] == ["ok"] * 4
    found = [json.loads(cell.outputs[0]["data"]["text/plain"].replace("(", "[").replace(")", "]")) for cell in cells]
    assert len({pid for pid, _ in found}) == 4
    assert most == 2
    if pool.mode == "namespaces":
        assert {uid for _, uid in found} <= set(pool.uids)


def test_fallback_mode_still_limits_time(fallback_pool, folder):
    with fallback_pool.kernel(folder) as kernel:
        assert kernel.mode == "fallback"
        ok = kernel.run_cell("import subprocess\np = subprocess.Popen(['sleep', '1000'])\np.pid")
        pid = int(ok.outputs[0]["data"]["text/plain"])
        hung = kernel.run_cell("while True: pass")
    assert (hung.status, hung.problem) == ("timeout", "your notebook ran out of time (2 s) in this cell")
    assert not Path(f"/proc/{pid}").exists()


def test_kernel_needs_an_existing_folder(pool, tmp_path):
    with pytest.raises(ValueError) as raised:
        with pool.kernel(tmp_path / "missing"):
            pass
    assert str(raised.value) == f"SandboxPool.kernel: files_dir {tmp_path / 'missing'} is not a directory"


def test_a_closed_pool_refuses_kernels(folder):
    closed = SandboxPool(size=1, limits=TEST_LIMITS)
    closed.close()
    with pytest.raises(SandboxError) as raised:
        with closed.kernel(folder):
            pass
    assert str(raised.value) == "this SandboxPool is closed, not open"


# -- the parts, without processes ------------------------------------------------------------


def test_limits_reject_nonsense():
    with pytest.raises(ValueError) as raised:
        Limits(cell_timeout=0)
    assert str(raised.value) == "Limits.cell_timeout must be a positive float, got 0"


@pytest.mark.parametrize("data, error", [
    (b"\x01\x00\x00\x01", "a message of 16,777,217 bytes is over the 16,777,216-byte limit"),
    (b"\x00\x00\x00\x02[]", "a JSON list, not an object"),
    (b"\x00\x00\x00\x03{x}", "not JSON: JSONDecodeError: Expecting property name enclosed in double quotes: "
                             "line 1 column 2 (char 1)"),
])
def test_frames_that_are_not_messages(data, error):
    reader = protocol.FrameReader()
    with pytest.raises(protocol.ProtocolError) as raised:
        reader.feed(data)
        reader.next()
    assert str(raised.value) == error


def test_frames_split_anywhere_still_arrive():
    frames = protocol.encode({"op": "a"}) + protocol.encode({"op": "b", "x": [1, 2]})
    reader, got = protocol.FrameReader(), []
    for byte in frames:
        reader.feed(bytes([byte]))
        while (message := reader.next()) is not None:
            got.append(message)
    assert got == [{"op": "a"}, {"op": "b", "x": [1, 2]}]


@pytest.mark.parametrize("message, error", [
    ({"op": "cell", "status": "ok", "outputs": [{"output_type": "stream", "name": "stdin", "text": ""}]},
     "outputs[0].name is 'stdin', expected 'stdout' or 'stderr'"),
    ({"op": "cell", "status": "ok", "outputs": [{"output_type": "error", "ename": "E", "evalue": "", "traceback": [1]}]},
     "outputs[0].traceback is not a list of strings"),
    ({"op": "cell", "status": "fine", "outputs": []}, "'status' is 'fine', expected 'ok' or 'error'"),
    ({"op": "facts", "status": "ok", "facts": [1]}, "'facts' is a list, expected an object"),
])
def test_replies_are_checked_field_by_field(message, error):
    reader = replies.cell if message["op"] == "cell" else replies.facts
    with pytest.raises(protocol.ProtocolError) as raised:
        reader(message)
    assert str(raised.value) == error


def test_replies_are_rebuilt_from_known_fields_with_text_repaired():
    status, outputs = replies.cell({"op": "cell", "status": "ok", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": "a\ud800b", "extra": "dropped"}]})
    assert (status, outputs) == ("ok", [stdout("a\ufffdb")])


def test_output_log_keeps_errors_and_drops_big_displays():
    log = OutputLog(max_chars=10)
    log.stream("stdout", "12345")
    log.display({"text/plain": "too big for the rest"}, {})
    log.stream("stdout", "678901234")
    log.error("ValueError", "bad", ["frame 1", "ValueError: bad"])
    assert log.finish() == [
        stdout("1234567890"),
        {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": ["frame 1", "ValueError: bad"]},
        stdout("\n[output truncated: 24 more characters were not kept; a cell keeps at most 10]\n"),
    ]


def test_output_log_caps_images_apart_from_text():
    log = OutputLog(max_chars=10, max_image_chars=4 * 2**20, max_images=20, notebook_images=ImageBudget(16 * 2**20))
    log.stream("stdout", "x" * 50)
    for size in (3 * 2**20, 2 * 2**20, 2**20 - 100):  # the second would pass 4 MiB: dropped, its label kept
        log.display({"image/png": "A" * size, "text/plain": "fig"}, {"image/png": {"width": 100}})
    assert log.finish() == [
        stdout("x" * 10),
        {"output_type": "display_data", "data": {"image/png": "A" * (3 * 2**20), "text/plain": "fig"},
         "metadata": {"image/png": {"width": 100}}},
        {"output_type": "display_data", "data": {"image/png": "A" * (2**20 - 100), "text/plain": "fig"},
         "metadata": {"image/png": {"width": 100}}},
        stdout("\n[output truncated: 43 more characters were not kept; a cell keeps at most 10]"
               + IMAGE_NOTE.format(count="1 image was", chars=2 * 2**20 + len("{'width': 100}"))),
    ]


def test_a_notebook_keeps_16_mib_of_images_and_clear_output_frees_them():
    notebook = ImageBudget(16 * 2**20)
    cells = []
    for _ in range(5):  # 5 cells of one 4 MiB image each: the fifth is over the notebook's 16 MiB
        log = OutputLog(100, 4 * 2**20, 20, notebook)
        log.display({"image/png": "A" * 4 * 2**20}, {})
        cells.append(log.finish())
    assert cells == [[{"output_type": "display_data", "data": {"image/png": "A" * 4 * 2**20}, "metadata": {}}]] * 4 + [
        [stdout(IMAGE_NOTE.format(count="1 image was", chars=4 * 2**20))]]
    assert notebook.used == 16 * 2**20
    animation = OutputLog(100, 4 * 2**20, 20, ImageBudget(16 * 2**20))
    for frame in range(100):  # a live plot: each frame clears the one before
        animation.clear()
        animation.display({"image/png": "B" * 2**20, "text/plain": f"frame {frame}"}, {})
    assert animation.finish() == [
        {"output_type": "display_data", "data": {"image/png": "B" * 2**20, "text/plain": "frame 99"}, "metadata": {}}]


def test_an_updated_image_replaces_its_output_when_it_fits():
    log = OutputLog(100, 4 * 2**20, 20, ImageBudget(16 * 2**20))
    log.display({"text/plain": "loading"}, {}, display_id="plot")
    log.display({"image/png": "A" * 2**20, "text/plain": "first"}, {}, display_id="plot", update=True)
    log.display({"image/png": "B" * 3 * 2**20, "text/plain": "second"}, {}, display_id="plot", update=True)
    log.display({"image/png": "C" * 5 * 2**20, "text/plain": "too big"}, {}, display_id="plot", update=True)
    assert log.finish() == [
        {"output_type": "display_data", "data": {"image/png": "B" * 3 * 2**20, "text/plain": "second"}, "metadata": {}},
        stdout(IMAGE_NOTE.format(count="1 image was", chars=5 * 2**20 + len("too big"))),
    ]


def test_the_grader_caps_images_a_forged_reply_sends():
    forged = [image(1000, f"image {i}") for i in range(30)] + [image(5 * 2**20, "huge")]
    capped = cap_outputs(forged, 1000, 4 * 2**20, 20, ImageBudget(16 * 2**20))
    assert capped == [image(1000, f"image {i}") for i in range(20)] + [
        {"output_type": "display_data", "data": {"text/plain": label}, "metadata": {}}
        for label in [f"image {i}" for i in range(20, 30)] + ["huge"]] + [
        stdout(IMAGE_NOTE.format(count="11 images were", chars=10_000 + 5 * 2**20))]
    honest = [stdout("hi\n"), image(1000)]
    assert cap_outputs(honest, 1000, 4 * 2**20, 20, ImageBudget(16 * 2**20)) == honest


@pytest.mark.parametrize("exitcode, sentence", [
    (None, "your kernel stopped in this cell"),
    (0, "your kernel stopped in this cell (it exited with code 0)"),
    (-9, "your kernel crashed in this cell (SIGKILL: Killed)"),
    (-6, "your kernel crashed in this cell (SIGABRT: Aborted)"),
])
def test_exit_sentences(exitcode, sentence):
    assert problems.exited(exitcode) == sentence


@pytest.mark.parametrize("n_bytes, text", [(3 * 2**30, "3 GiB"), (3 * 2**29, "1.5 GiB"), (50 * 2**20, "50 MiB"),
                                           (512, "512 bytes")])
def test_size_text(n_bytes, text):
    assert problems.size_text(n_bytes) == text



@pytest.mark.parametrize("marked, printed", [
    (True, "frozen: True\n"),  # the forkserver: exits at once, the preload's exit handlers skipped
    (False, "frozen: False\nan exit handler of the preload ran\n"),  # imported anywhere else: no effect
])
def test_forkserver_ready_freezes_the_preload_and_skips_its_exit_handlers(marked, printed):
    code = ("import atexit, gc, sys\n"
            "import autograder.sandbox.forkserver_setup\n"
            "atexit.register(lambda: print('an exit handler of the preload ran'))\n"
            "import autograder.sandbox.forkserver_ready\n"
            "print('frozen:', gc.get_freeze_count() > 0, flush=True)\n")
    env = {key: value for key, value in os.environ.items() if key != "AUTOGRADER_SANDBOX_FORKSERVER"}
    if marked:
        env["AUTOGRADER_SANDBOX_FORKSERVER"] = "1"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, printed, "")
