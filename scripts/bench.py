"""`make bench`: the batch grader against stock sequential `nbgrader autograde`, in one run.

Builds N realistic submissions of one assignment (the sample students' answers,
correct and wrong, cycled), grades the same files twice in two copies of the
course: once with stock nbgrader (its own Execute: a Jupyter kernel per
submission, one after another) and once with `python -m autograder.pipeline.batch_autograde`
(sandboxed kernels forked from a warm pool, in parallel). Checks that both
gradebooks hold exactly the same grades and prints seconds per submission,
the ratio, and the peak memory of each run's process tree. Stock nbgrader's cost per
submission is flat, so `--stock-n` (`make bench N=240 STOCK_N=24`) grades only the
first STOCK_N of the same submissions with it; the ratio compares seconds per
submission, and the grades are compared on the submissions both graded. A benchmark, not a
test: the numbers depend on the machine and on what else runs on it.

With --cluster (`make bench CLUSTER=1`), a third copy is graded on a Dask
cluster started here (scripts/local_dask_cluster.py: a scheduler and 2
workers of 1 thread on 127.0.0.1), as `DASK_SCHEDULER=... make autograde`
does; its time includes the workers' pools warming up, and its memory is the
grader's and the workers' trees together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
from sample_submissions import SAMPLES, build_submission, read_answers, students  # noqa: E402

import course_config  # noqa: E402

COURSE_FILES = ["course_config.py", "nbgrader_config.py", "source", "release"]


def make_course(root: Path, assignment: str, n: int) -> None:
    for name in COURSE_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    notebook = course_config.ASSIGNMENTS[assignment]["notebook"]
    samples = [read_answers(SAMPLES / assignment / f"{s}.py") for s in students(assignment)]
    for i in range(n):
        target = root / "submitted" / f"s{i + 1:03d}" / assignment / notebook
        target.parent.mkdir(parents=True)
        nbformat.write(build_submission(root / "release" / assignment / notebook, samples[i % len(samples)]), target)


class PeakMemory:
    """Peak resident memory of a process and all its descendants, sampled every 50 ms."""

    def __init__(self, process: subprocess.Popen):
        self.root = psutil.Process(process.pid)
        self.peak = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in tree:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process)
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-3000:]}")
    return time.monotonic() - started, memory.peak


def on_cluster(tmp: Path, assignment: str, n: int, env: dict, nbgrader: list[str]) -> tuple[float, int, bool]:
    """(seconds, peak memory, same grades as stock) of the batch grader sending the submissions to Dask workers."""
    from local_dask_cluster import LocalDaskCluster

    course = tmp / "cluster"
    course.mkdir()
    make_course(course, assignment, n)
    subprocess.run([*nbgrader, "generate_assignment", assignment, "--force"], cwd=course, env=env,
                   check=True, capture_output=True)
    with LocalDaskCluster(tmp / "dask", workers=2, nthreads=1) as cluster:
        workers = [PeakMemory(process) for process in cluster.workers.values()]
        seconds, grader_peak = timed([sys.executable, "-m", "autograder.pipeline.batch_autograde", assignment,
                                      "--all"], course, dict(env, DASK_SCHEDULER=cluster.address))
        peak = grader_peak + sum(worker.peak for worker in workers)
    return seconds, peak, same_grades(grades(tmp / "stock", assignment), grades(course, assignment))


def grades(course: Path, assignment: str) -> dict:
    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).stem
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config.COURSE_ID) as gradebook:
        return {(s.student.id, g.name): g.score for s in gradebook.notebook_submissions(notebook, assignment)
                for g in s.grades}


def same_grades(stock: dict, other: dict) -> bool:
    """Whether `other` gives each submission stock nbgrader graded the same grades."""
    graded = {student for student, _ in stock}
    return stock == {key: score for key, score in other.items() if key[0] in graded}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=24, help="submissions (default 24)")
    parser.add_argument("--assignment", default="02_sequential_model")
    parser.add_argument("--cluster", action="store_true", help="also grade on a local 2-worker Dask cluster")
    parser.add_argument("--stock-n", type=int, help="submissions stock nbgrader grades (default: all N)")
    args = parser.parse_args()
    stock_n = min(args.stock_n or args.n, args.n)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("GRADEBOOK_URL", None)  # each copy of the course grades into its own gradebook.db
    nbgrader = [sys.executable, "-m", "nbgrader"]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        stock, fast = Path(tmp, "stock"), Path(tmp, "fast")
        for course, count in ((stock, stock_n), (fast, args.n)):
            course.mkdir()
            make_course(course, args.assignment, count)
            subprocess.run([*nbgrader, "generate_assignment", args.assignment, "--force"], cwd=course, env=env,
                           check=True, capture_output=True)
        print(f"{args.n} submissions of {args.assignment}, {os.cpu_count()} cores"
              + (f"; stock nbgrader grades the first {stock_n}" if stock_n < args.n else ""))
        stock_s, stock_mem = timed([*nbgrader, "autograde", args.assignment, "--force"], stock,
                                   dict(env, AUTOGRADER_EXECUTOR="stock"))
        batch = [sys.executable, "-m", "autograder.pipeline.batch_autograde", args.assignment, "--all"]
        fast_s, fast_mem = timed(batch, fast, env)
        same = same_grades(grades(stock, args.assignment), grades(fast, args.assignment))
        if args.cluster:
            cluster_s, cluster_mem, cluster_same = on_cluster(Path(tmp), args.assignment, args.n, env, nbgrader)
            same = same and cluster_same
        print(f"stock nbgrader autograde : {stock_s:7.1f} s  {stock_s / stock_n:6.2f} s/submission  "
              f"peak {stock_mem / 2**30:.2f} GiB")
        print(f"batch_autograde          : {fast_s:7.1f} s  {fast_s / args.n:6.2f} s/submission  "
              f"peak {fast_mem / 2**30:.2f} GiB")
        if args.cluster:
            print(f"batch_autograde, Dask    : {cluster_s:7.1f} s  {cluster_s / args.n:6.2f} s/submission  "
                  f"peak {cluster_mem / 2**30:.2f} GiB (grader and 2 workers)")
        print(f"speed-up                 : {(stock_s / stock_n) / (fast_s / args.n):7.1f}x (seconds per submission)")
        if args.cluster:
            print(f"speed-up on Dask         : {(stock_s / stock_n) / (cluster_s / args.n):7.1f}x")
        print(f"grades identical         : {'yes' if same else 'NO'}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
