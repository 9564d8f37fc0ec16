"""`make bench-writer`: the gradebook writer's ceiling on SQLite and PostgreSQL, and a cluster projection.

The writer is nbgrader's bookkeeping per submission, the serial part of
`make autograde` once the kernels have run: sanitize the submitted notebook,
overwrite its locked cells, record the submission and every cell's grade and
comment in the gradebook, write autograded/. It is measured by running
nbgrader's own autograde with every step but Execute (no kernel runs; the same
rows are written), made quicker as the batch grader makes it (its metadata
check and one gradebook engine), on N submissions, once into SQLite and once into a PostgreSQL
server started for the run (tests/postgres_server.py).

The kernels' rate is that of the same N submissions run in sandboxed kernels
from a warm pool of PARALLEL_KERNELS (what one 2-core worker of a cluster
does), without nbgrader and after the pool has started.

A batch of B notebooks on W such workers feeding one writer takes at least
max(B / (W x kernels' rate), B / writer's rate): the slower side bounds it.
Each rate is measured as wall-clock time (the fastest of --repeat passes,
interleaved so that all see the same load) and as CPU time, which the other
users of a shared machine inflate much less; the projection is printed for
both. A benchmark, not a test: the numbers depend on what else the machine runs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))


def writer_pass(assignment: str, stock: bool = False) -> tuple[float, float]:
    """In a course folder (the cwd): nbgrader's autograde of every submission without Execute.

    Its wall-clock seconds and this process's CPU seconds. `stock`: nbgrader's bookkeeping as it
    comes, without the batch grader's quicker metadata check and shared engine.
    """
    from nbgrader.apps import AutogradeApp
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    from autograder.pipeline.check_metadata import checked_once
    from autograder.pipeline.shared_gradebook import one_engine

    defaults = {name: Autograde.class_traits()[name].default()
                for name in ("sanitize_preprocessors", "autograde_preprocessors")}
    app = AutogradeApp.instance()
    app.initialize([assignment, "--force"])
    app.log.setLevel(logging.ERROR)
    # The batch grader's bookkeeping: its metadata check and its one gradebook engine (pipeline/batch_autograde.py).
    quicker = (lambda steps: steps) if stock else checked_once
    app.config.Autograde.sanitize_preprocessors = quicker(defaults["sanitize_preprocessors"])
    app.config.Autograde.autograde_preprocessors = [step for step in quicker(defaults["autograde_preprocessors"])
                                                    if step is not Execute]
    started, cpu = time.perf_counter(), time.process_time()
    try:
        with contextlib.nullcontext() if stock else one_engine(app.coursedir.db_url):
            app.start()
    except SystemExit as exit_:
        if exit_.code:
            raise
    return time.perf_counter() - started, time.process_time() - cpu


def kernel_pass(assignment: str) -> tuple[float, float]:
    """In a course folder (the cwd): every submission run in a warm sandbox pool, without nbgrader.

    Wall-clock seconds of the submissions, and CPU seconds of the whole pool's life (its server,
    its kernels, the judging in this process), so including its start and one warm-up submission.
    """
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(Path.cwd()))
    import course_config
    from nbgrader.api import Gradebook
    from nbgrader.apps import AutogradeApp

    from autograder.pipeline.batch_autograde import find_submissions, sanitized_cells, source_cells
    from autograder.pipeline.sandboxed_execute import SandboxedExecute, run_submission
    from autograder.sandbox import SandboxPool

    app = AutogradeApp.instance()
    app.initialize([])  # the course's nbgrader config: its gradebook and sandbox settings
    notebook = course_config.ASSIGNMENTS[assignment]["notebook"]
    with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gradebook:
        known = source_cells(gradebook.find_notebook(Path(notebook).stem, assignment))
    work = [(sanitized_cells(s, known), s.folder)
            for s in find_submissions(Path.cwd() / "submitted", assignment, notebook, None)]
    settings = SandboxedExecute(parent=app).pool_settings()
    before = os.times()
    with SandboxPool(**settings) as pool, ThreadPoolExecutor(max_workers=settings["size"]) as threads:
        run_submission(*work[0], pool)  # warm: a worker's pool stays open between batches
        started = time.perf_counter()
        graded = list(threads.map(lambda item: run_submission(*item, pool), work))
        seconds = time.perf_counter() - started
    after = os.times()
    cpu = sum(getattr(after, field) - getattr(before, field) for field in ("user", "system", "children_user",
                                                                          "children_system"))
    assert all(not g.stopped for g in graded), [g.stopped for g in graded if g.stopped]
    return seconds, cpu


def in_course(course: Path, env: dict, *args: str) -> list[float]:
    """Run this script's `args` pass in `course`; the seconds it printed."""
    result = subprocess.run([sys.executable, __file__, *args], cwd=course, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {course}:\n{result.stderr[-3000:]}")
    return [float(word) for word in result.stdout.strip().splitlines()[-1].split()]


def submissions_recorded(url: str, assignment: str) -> int:
    import course_config
    from nbgrader.api import Gradebook

    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).stem
    with Gradebook(url, course_config.COURSE_ID) as gradebook:
        return len(gradebook.notebook_submissions(notebook, assignment))


def main() -> int:
    from bench import make_course
    from postgres_server import PostgresServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="submissions (default 60)")
    parser.add_argument("--repeat", type=int, default=2, help="passes of each kind; the fastest counts (default 2)")
    parser.add_argument("--assignment", default="02_sequential_model")
    parser.add_argument("--notebooks", type=int, default=50_000, help="batch size of the projection")
    parser.add_argument("--workers", type=int, default=32, help="2-core workers of the projection")
    parser.add_argument("--stock", action="store_true",
                        help="measure nbgrader's own bookkeeping, not the batch grader's quicker one")
    args = parser.parse_args()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               AUTOGRADER_EXECUTOR="stock")
    n = args.n
    print(f"{n} submissions of {args.assignment}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start; fastest of {args.repeat} passes")
    passes: dict[str, list[list[float]]] = {"SQLite": [], "PostgreSQL": [], "kernels": []}
    with tempfile.TemporaryDirectory(prefix="bench-writer-") as tmp, PostgresServer() as postgres:
        urls = {"SQLite": f"sqlite:///{tmp}/sqlite/gradebook.db", "PostgreSQL": postgres.new_database("bench")}
        for name, url in urls.items():
            course = Path(tmp, name.lower())
            course.mkdir()
            make_course(course, args.assignment, n)
            subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", args.assignment, "--force"],
                           cwd=course, env=dict(env, GRADEBOOK_URL=url), check=True, capture_output=True)
        for _ in range(args.repeat):  # interleaved, so that both databases and the kernels see the same load
            for name, url in urls.items():
                server_cpu = postgres.cpu_seconds()
                measured = in_course(Path(tmp, name.lower()), dict(env, GRADEBOOK_URL=url),
                                     "--stock-writer-pass" if args.stock else "--writer-pass", args.assignment)
                passes[name].append([*measured, postgres.cpu_seconds() - server_cpu])
                recorded = submissions_recorded(url, args.assignment)
                if recorded != n:
                    raise SystemExit(f"{name}: the writer recorded {recorded} submissions, not {n}")
            passes["kernels"].append(in_course(Path(tmp, "sqlite"), dict(env, GRADEBOOK_URL=urls["SQLite"],
                                                                         AUTOGRADER_EXECUTOR="sandbox"),
                                               "--kernel-pass", args.assignment))
        print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
    wall, cpu = {}, {}  # submissions per second: measured; and what the CPU time allows on an idle machine
    for name, measured in passes.items():
        best = min(measured)
        wall[name] = n / best[0]
        if name == "kernels":
            cpu[name] = 2 * n / best[1]  # two cores
            note = f"pool CPU {best[1] / n:.3f} s/submission, its start included"
            label = "kernels, one 2-core worker"
        else:
            cpu[name] = n / best[1]  # one writer process; the database server's CPU is its own
            note = f"writer CPU {best[1] / n:.3f} s/submission" + (
                f", PostgreSQL server CPU {best[2] / n:.3f}" if name == "PostgreSQL" else "")
            label = f"writer, {name}" + (" (stock)" if args.stock else "")
        print(f"{label:<27}: {best[0]:6.1f} s  {best[0] / n:6.3f} s/submission  "
              f"{wall[name]:6.1f} submissions/s  ({note})")
    for title, rates in (("as measured", wall), ("from CPU time (an idle machine)", cpu)):
        kernels_s = args.notebooks / (args.workers * rates["kernels"])
        print(f"\n{args.notebooks} notebooks on {args.workers} 2-core workers, {title}: "
              f"kernels alone {_duration(kernels_s)}")
        for name in urls:
            writer_s = args.notebooks / rates[name]
            batch_s = max(writer_s, kernels_s)
            bound = "the writer" if writer_s > kernels_s else "the kernels"
            print(f"  one {name} writer ({rates[name]:.1f}/s): {_duration(writer_s)} -> at least "
                  f"{_duration(batch_s)}, bounded by {bound} ({batch_s / min(writer_s, kernels_s):.1f}x the other)")
    return 0


def _duration(seconds: float) -> str:
    return f"{seconds:,.0f} s ({seconds / 60:.1f} min)"


if __name__ == "__main__":
    passes = {"--writer-pass": writer_pass, "--stock-writer-pass": lambda a: writer_pass(a, stock=True),
              "--kernel-pass": kernel_pass}
    if len(sys.argv) == 3 and sys.argv[1] in passes:
        sys.path.insert(0, str(Path.cwd()))
        print(*passes[sys.argv[1]](sys.argv[2]))
        raise SystemExit(0)
    raise SystemExit(main())
