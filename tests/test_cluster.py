"""Grading on a Dask cluster (DASK_SCHEDULER): a scheduler and two workers on 127.0.0.1, from this .venv.

The same batch grader (`python -m autograder.pipeline.batch_autograde`) sends the
submissions to the workers, which run them in their own warm sandbox pools, and
judges what comes back. It must give the grades local grading gives, on the
sample class and on the red-team class; a worker killed mid-batch has its
submissions regraded on the other, each recorded once; a worker's memory stays
bounded by its pool; an unreachable scheduler stops the batch before any grade.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest
import test_redteam as redteam
from local_dask_cluster import LocalDaskCluster
from conftest import REPO
from test_course_pipeline import GOLDEN, new_course, run, task_scores

import course_config
from autograder.sandbox import temp_folders

ASSIGNMENTS = list(course_config.ASSIGNMENTS)
NTHREADS = 1  # per worker: its pool has this many kernels


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with LocalDaskCluster(tmp_path_factory.mktemp("dask"), workers=2, nthreads=NTHREADS) as started:
        yield started


def batch(course: Path, assignment: str, scheduler: str, *args: str, check: bool = True,
          env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """`make autograde` with DASK_SCHEDULER=scheduler: its output."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               DASK_SCHEDULER=scheduler, **(env_extra or {}))
    result = subprocess.run([sys.executable, "-m", "autograder.pipeline.batch_autograde", assignment, *args],
                            cwd=course, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert result.returncode == 0, f"the batch failed:\n{result.stdout}\n{result.stderr}"
    return result


def graded_by(output: str) -> dict[str, int]:
    """{worker address: submissions} from the batch's last line."""
    line = re.search(r"graded on the Dask cluster at \S+: (.*)", output).group(1)
    return {worker: int(count) for count, worker in re.findall(r"(\d+) on (\S+?)(?:,|$)", line)}


def checks_shown(notebook: Path) -> dict:
    """{grade_id: outputs} of the test cells: what the grader wrote for each check."""
    return redteam.grader_outputs(notebook)


# ---------------------------------------------------------------------------------------------
# Same grades as on one machine


def test_sample_class_grades_and_reports_equal_local_grading(cluster, tmp_path):
    (tmp_path / "cluster").mkdir()
    (tmp_path / "local").mkdir()
    on_cluster, local = new_course(tmp_path / "cluster"), new_course(tmp_path / "local")
    for assignment in ASSIGNMENTS:
        output = batch(on_cluster, assignment, cluster.address).stdout
        assert re.search(rf"{assignment}: graded 5 of 5 in .*; sandbox: namespaces mode\.", output), output
        assert sum(graded_by(output).values()) == 5, output
        run(local, "autograder.pipeline.batch_autograde", assignment)
    assert task_scores(on_cluster) == task_scores(local) == json.loads(GOLDEN.read_text())
    for notebook in sorted((local / "autograded").glob("*/*/*.ipynb")):
        twin = on_cluster / notebook.relative_to(local)
        assert checks_shown(twin) == checks_shown(notebook), f"{twin} differs from local grading"


@pytest.fixture(scope="module")
def redteam_graded(cluster):
    """The red-team class (honest and hostile students, every assignment) graded on the cluster.

    In the workers' checkout lies another course with solutions and sample answers, as `make demo`
    leaves one in demo/: no kernel may read it.
    """
    course = redteam.new_course_folder("cluster")
    sibling = Path(tempfile.mkdtemp(prefix="demo-", dir=REPO))
    sibling.chmod(0o755)
    try:
        redteam.make_course(sibling, ["02_sequential_model"])
        redteam.place_honest(sibling, ["02_sequential_model"])
        shutil.copytree(REPO / "tests" / "submissions", sibling / "tests" / "submissions")
        redteam.make_course(course, ASSIGNMENTS)
        redteam.place_honest(course, ASSIGNMENTS)
        redteam.place_hostile(course, ASSIGNMENTS)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("DASK_SCHEDULER", cluster.address)
            batches = {assignment: redteam.run_batch(course, assignment, "--all") for assignment in ASSIGNMENTS}
        for done in batches.values():  # shown by pytest -s, or with a failure
            print(f"{done.assignment} on the cluster: {done.seconds:.1f} s, "
                  + " | ".join(done.output.strip().splitlines()[-2:])[:300])
        yield course, batches
    finally:
        redteam.remove_course(course)
        shutil.rmtree(sibling)


def test_redteam_class_grades_equal_local_grading(redteam_graded):
    """tests/redteam/expected_scores.json holds what local grading gives (tests/test_redteam.py checks that)."""
    course, batches = redteam_graded
    scores = redteam.task_scores(course)
    read = redteam.autograded_notebook(course, "reads_course_files", "02_sequential_model").read_text()
    assert {student: scores.get(student) for student in redteam.EXPECTED} == redteam.EXPECTED, \
        "reads_course_files: " + ", ".join(sorted(set(re.findall(r"(READ /\S+|LEAKED[^\\]*)", read))))
    assert set(redteam.submission_counts(course).values()) == {1}
    for assignment, done in batches.items():
        failed = set(re.findall(r"^  failed +(\S+):", done.output, flags=re.MULTILINE))
        assert failed == (redteam.EXPECTED_FAILURES if assignment == redteam.notebook_attacks.ASSIGNMENT else set())
        assert len(graded_by(done.output)) == 2, done.output[-2000:]  # both workers took part
        assert done.leftovers == []


# ---------------------------------------------------------------------------------------------
# Failures: the scheduler down, a worker killed


def test_unreachable_scheduler_stops_before_any_grade(tmp_path):
    course = new_course(tmp_path)
    with socket_nobody_listens_on() as address:
        refused = batch(course, "02_sequential_model", address, check=False)
        assert refused.returncode == 2
        assert refused.stderr.strip() == (
            f"The Dask scheduler at {address}: cannot be reached (Timed out trying to connect to {address} after "
            f"10 s); unset DASK_SCHEDULER to grade on this machine, or set DASK_FALLBACK=local")
        assert not (course / "autograded").exists()
        assert task_scores(course) == {}

        fallback = batch(course, "02_sequential_model", address, env_extra={"DASK_FALLBACK": "local"})
    assert fallback.stdout.startswith(f"The Dask scheduler at {address}: cannot be reached (Timed out trying to "
                                      f"connect to {address} after 10 s); grading on this machine, as "
                                      f"DASK_FALLBACK=local asks.\n")
    assert "02_sequential_model: graded 5 of 5 in " in fallback.stdout
    expected = json.loads(GOLDEN.read_text())
    assert task_scores(course) == {s: {"02_sequential_model": a["02_sequential_model"]} for s, a in expected.items()}


@contextlib.contextmanager
def socket_nobody_listens_on():
    """tcp://127.0.0.1:<port> of a port bound here but not listening: connecting there is refused."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"tcp://127.0.0.1:{bound.getsockname()[1]}"


def copies_of_the_sample_class(root: Path, assignment: str, copies: int) -> tuple[Path, dict]:
    """The sample class with `copies` copies of each student (ada0, ada1, ...); {student: expected scores}."""
    course = new_course(root)
    expected = json.loads(GOLDEN.read_text())
    for student in expected:
        for copy in range(1, copies):
            shutil.copytree(course / "submitted" / student, course / "submitted" / f"{student}{copy}")
        (course / "submitted" / student).rename(course / "submitted" / f"{student}0")
    return course, {f"{student}{copy}": {assignment: expected[student][assignment]}
                    for student in expected for copy in range(copies)}


class TreeMemory:
    """Every 0.2 s, a worker's process tree (nanny, worker, forkserver, kernels): its RSS and its live kernels."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, int, int]] = []  # (time, bytes, kernels)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def now(self) -> tuple[int, int]:
        tree = [self.root, *self.root.children(recursive=True)]
        total, kernels = 0, 0
        for process in tree:
            try:
                total += process.memory_info().rss
                if "forkserver" in " ".join(process.cmdline()):
                    kernels += sum(1 for child in process.children() if child.status() != psutil.STATUS_ZOMBIE)
            except psutil.Error:
                pass
        return total, kernels

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.samples.append((time.monotonic(), *self.now()))


def test_a_workers_memory_stays_bounded_by_its_pool(cluster, tmp_path):
    """At most one kernel per worker thread, whatever the batch's size; the tree's memory does not grow with
    the submissions graded, and stays under the idle worker's plus its pool's kernels' memory limit."""
    assignment = "02_sequential_model"
    course, expected = copies_of_the_sample_class(tmp_path, assignment, copies=4)
    watched = {name: TreeMemory(process.pid) for name, process in cluster.workers.items()}
    try:
        batch(course, assignment, cluster.address)
    finally:
        for memory in watched.values():
            memory.stop()
    assert task_scores(course) == expected
    limit = course_config.SANDBOX_LIMITS["memory_bytes"]
    for name, memory in watched.items():
        idle, kernels_idle = memory.now()  # the pool is open and warm, no kernel runs
        busy = [sample for sample in memory.samples if sample[2] > 0]
        middle = (busy[0][0] + busy[-1][0]) / 2
        first = max(size for t, size, _ in busy if t <= middle)
        second = max(size for t, size, _ in busy if t > middle)
        peak = max(size for _, size, _ in memory.samples)
        print(f"worker {name}: idle {idle / 2**20:.0f} MiB; peak {peak / 2**20:.0f} MiB (first half of the batch "
              f"{first / 2**20:.0f} MiB, second half {second / 2**20:.0f} MiB); at most "
              f"{max(k for *_, k in memory.samples)} kernels at once; {len(memory.samples)} samples")
        assert kernels_idle == 0
        assert max(kernels for *_, kernels in memory.samples) <= NTHREADS
        assert peak <= idle + NTHREADS * limit
        assert second <= first + 256 * 2**20, "the worker's memory grew with the submissions it graded"


def test_a_worker_killed_mid_batch_has_its_submissions_regraded_on_the_other(cluster, tmp_path):
    assignment = "02_sequential_model"
    course, expected = copies_of_the_sample_class(tmp_path, assignment, copies=3)
    workers = cluster.worker_addresses()
    victim, survivor = workers["w2"], workers["w1"]
    from distributed import Client

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               DASK_SCHEDULER=cluster.address)
    with open(tmp_path / "batch.log", "w") as log, Client(cluster.address, set_as_default=False) as client:
        grading = subprocess.Popen([sys.executable, "-m", "autograder.pipeline.batch_autograde", assignment],
                                   cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            on_victim = _wait_for_second_task_on(client, victim, grading)
            victims = {child.pid for child in psutil.Process(cluster.workers["w2"].pid).children(recursive=True)}
            cluster.kill_worker("w2")
            grading.wait(600)
        finally:
            if grading.poll() is None:
                grading.kill()
                grading.wait()
    output = (tmp_path / "batch.log").read_text()
    assert grading.returncode == 0, output[-3000:]
    assert f"{assignment}: graded 15 of 15 in " in output, output[-3000:]
    counts = graded_by(output)
    assert sum(counts.values()) == 15 and counts[survivor] > counts.get(victim, 0), output[-3000:]
    print(f"killed {victim} while it graded {on_victim}; graded: {counts}")
    assert task_scores(course) == expected
    assert set(redteam.submission_counts(course).values()) == {1}
    assert redteam.leftovers(cluster.workers["w2"].pid) == []
    # The killed worker's submission folders were inside its pool's folder, which the next pool removes.
    temp_folders.remove_stale()
    tmp = Path(tempfile.gettempdir())
    assert [path.name for path in tmp.iterdir() if temp_folders.grader_pid(path.name) in victims] == []


def _wait_for_second_task_on(client, worker: str, grading: subprocess.Popen) -> list[str]:
    """Wait until `worker` is grading a submission and has finished one; the students it is grading then."""
    deadline = time.monotonic() + 600
    seen: set[str] = set()
    while time.monotonic() < deadline and grading.poll() is None:
        processing = [key for key in client.processing().get(worker, ()) if str(key).startswith("autograde-")]
        students = [str(key).split("-")[1] for key in processing]
        if seen and students and not set(students) <= seen:
            return students
        seen |= set(students)
        time.sleep(0.05)
    raise AssertionError(f"the worker {worker} never graded two submissions (batch exit {grading.poll()})")



def test_a_batch_whose_last_worker_dies_gives_up_on_what_is_out(cluster, tmp_path):
    """w1 killed mid-batch (after w2, killed by the test above or here) leaves no worker; after
    DASK_NO_WORKER_SECONDS the batch gives up on the submissions still out, says why, and records no grade for them."""
    assignment = "02_sequential_model"
    course, _ = copies_of_the_sample_class(tmp_path, assignment, copies=1)
    if cluster.workers["w2"].poll() is None:
        cluster.kill_worker("w2")
    last = cluster.worker_addresses()["w1"]
    from distributed import Client

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               DASK_SCHEDULER=cluster.address, DASK_NO_WORKER_SECONDS="5")
    with open(tmp_path / "batch.log", "w") as log, Client(cluster.address, set_as_default=False) as client:
        grading = subprocess.Popen([sys.executable, "-m", "autograder.pipeline.batch_autograde", assignment],
                                   cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            on_last = _wait_for_second_task_on(client, last, grading)
            cluster.kill_worker("w1")
            killed = time.monotonic()
            grading.wait(600)
            waited = time.monotonic() - killed
        finally:
            if grading.poll() is None:
                grading.kill()
                grading.wait()
    output = (tmp_path / "batch.log").read_text()
    assert grading.returncode == 1, output[-3000:]  # nbgrader's status: some notebooks were not graded
    failed = dict(re.findall(r"^  failed +(\S+): (.*)$", output, flags=re.MULTILINE))
    assert set(on_last) <= set(failed) and failed, output[-3000:]
    assert set(failed.values()) == {"the grader could not process your notebook (it stopped with NoWorker): the "
                                    "course staff can see why in the grading log"}
    assert re.search(rf"^  graded on the Dask cluster at {cluster.address}: .*; gave up on {len(failed)}: the Dask "
                     rf"cluster at {cluster.address} has had no worker for 5 s$", output, flags=re.MULTILINE), output
    for student in failed:
        assert not (course / "autograded" / student / assignment / "sequential_model.ipynb").exists()
    print(f"gave up on {sorted(failed)} {waited:.0f} s after the last worker was killed")
    assert redteam.leftovers(cluster.workers["w1"].pid) == []
