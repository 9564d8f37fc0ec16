"""Grade a whole class at once: sandboxed runs in parallel, one nbgrader pass records them.

    python -m autograder.batch_autograde 02_sequential_model [--student ada] [--all] [--jobs 2]

1. Find the submissions under submitted/*/<assignment>/ that are new or changed
   since they were last graded (all of them with --all, one with --student).
2. Sanitize each as nbgrader would (its own preprocessors: cells it trusts come
   from the gradebook) and run it in a fresh sandboxed kernel from a warm pool,
   several at a time, while a progress bar counts them.
3. Run nbgrader's own autograde in this process for exactly those students: its
   Execute step (`SandboxedExecute`) picks up the prepared results, and nbgrader
   writes autograded/ and the gradebook from this one process.
4. Print a summary: graded, stopped early (with the reason), failed, time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import sandboxed_execute
from .grade_cells import GradedCells, fingerprint

STAMP = ".autograder-stamp.json"


@dataclass
class Submission:
    student: str
    folder: Path
    notebook: Path

    def digest(self) -> str:
        """A hash of every file the student handed in for this assignment."""
        h = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(self.folder)).encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest()


def find_submissions(course: Path, assignment: str, notebook_name: str, student: str | None) -> list[Submission]:
    pattern = f"{student or '*'}/{assignment}"
    found = []
    for folder in sorted((course / "submitted").glob(pattern)):
        if folder.is_dir():
            found.append(Submission(folder.parent.name, folder, folder / notebook_name))
    return found


def is_current(course: Path, assignment: str, submission: Submission, source_digest: str) -> bool:
    """Whether the autograded copy is of exactly these files and this version of the assignment."""
    stamp = course / "autograded" / submission.student / assignment / STAMP
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    return recorded == {"submission": submission.digest(), "assignment": source_digest}


def write_stamp(course: Path, assignment: str, submission: Submission, source_digest: str) -> None:
    folder = course / "autograded" / submission.student / assignment
    if folder.is_dir():
        (folder / STAMP).write_text(json.dumps({"submission": submission.digest(), "assignment": source_digest}))


def assignment_digest(course: Path, assignment: str) -> str:
    h = hashlib.sha256()
    for path in sorted((course / "source" / assignment).rglob("*")):
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def sanitized(submission: Submission, assignment: str, db_url: str):
    """The notebook as nbgrader's sanitize step leaves it (trusted cells from the gradebook)."""
    from nbgrader.converters import Autograde

    notebook = nbformat.read(submission.notebook, as_version=nbformat.NO_CONVERT)
    resources = {"nbgrader": {"student": submission.student, "assignment": assignment,
                              "notebook": submission.notebook.stem, "db_url": db_url},
                 "metadata": {"path": str(submission.folder)}}
    for preprocessor in Autograde().sanitize_preprocessors:
        notebook, resources = preprocessor().preprocess(notebook, resources)
    return notebook


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path.cwd()))
    import course_config

    parser = argparse.ArgumentParser(prog="make autograde", description=__doc__.splitlines()[0])
    parser.add_argument("assignment", choices=list(course_config.ASSIGNMENTS))
    parser.add_argument("--student", help="grade only this student's submission")
    parser.add_argument("--all", action="store_true", help="regrade every submission, changed or not")
    parser.add_argument("--jobs", type=int, default=course_config.PARALLEL_KERNELS,
                        help=f"kernels at once (default {course_config.PARALLEL_KERNELS})")
    args = parser.parse_args(argv)
    return grade_batch(course_config, args.assignment, args.student, args.all, args.jobs)


def grade_batch(course_config, assignment: str, student: str | None, force: bool, jobs: int) -> int:
    from tqdm import tqdm

    from .sandbox import SandboxPool
    from .sandbox_settings import pool_settings

    started = time.monotonic()
    course = Path(course_config.ROOT)
    notebook_name = course_config.ASSIGNMENTS[assignment]["notebook"]
    submissions = find_submissions(course, assignment, notebook_name, student)
    if not submissions:
        print(f"No submissions for {assignment} under {course / 'submitted'}"
              + (f" from {student}" if student else "") + ".")
        return 1 if student else 0
    source_digest = assignment_digest(course, assignment)
    todo = [s for s in submissions if force or student or not is_current(course, assignment, s, source_digest)]
    skipped = len(submissions) - len(todo)
    if not todo:
        print(f"All {len(submissions)} submissions of {assignment} are already graded (use --all to regrade).")
        return 0

    results: dict[str, Future] = {}
    failures: dict[str, str] = {}
    with SandboxPool(**pool_settings(size=jobs)) as pool, ThreadPoolExecutor(max_workers=jobs) as threads, \
            tqdm(total=len(todo), desc=f"grading {assignment}", unit="submission", dynamic_ncols=True) as bar:
        sandboxed_execute.use_pool(pool)
        for submission in todo:
            try:
                cells = sanitized(submission, assignment, course_config.GRADEBOOK_URL).cells
            except Exception as error:  # noqa: BLE001 - nbgrader reports it again in its own pass
                failures[submission.student] = f"unreadable notebook ({type(error).__name__}: {error})"
                bar.update(1)
                continue
            future = threads.submit(sandboxed_execute.run_submission, cells, submission.folder, pool)
            future.add_done_callback(lambda _f: bar.update(1))
            sandboxed_execute.PREPARED[(submission.student, assignment, fingerprint(cells))] = future
            results[submission.student] = future
        nbgrader_status = _run_nbgrader(assignment, [s.student for s in todo], [s.student for s in submissions])
        sandboxed_execute.PREPARED.clear()
        sandboxed_execute.use_pool(None)

    for submission in todo:
        write_stamp(course, assignment, submission, source_digest)
    _print_summary(assignment, todo, results, failures, skipped, time.monotonic() - started, course)
    return nbgrader_status


def _run_nbgrader(assignment: str, graded: list[str], everyone: list[str]) -> int:
    """nbgrader's autograde, in this process, for exactly the students in `graded`."""
    from nbgrader.apps import AutogradeApp

    excluded = sorted(set(everyone) - set(graded))
    argv = [assignment, "--force", "--log-level=WARN"]
    if excluded:
        argv.append(f"--CourseDirectory.student_id_exclude={','.join(excluded)}")
    app = AutogradeApp.instance()
    try:
        app.initialize(argv)
        app.start()
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def _print_summary(assignment, todo, results, failures, skipped, seconds, course) -> None:
    stopped = {}
    for student, future in results.items():
        if future.exception() is not None:
            failures[student] = f"{type(future.exception()).__name__}: {future.exception()}"
        elif future.result().stopped:
            stopped[student] = future.result().stopped
    for submission in todo:
        if not (course / "autograded" / submission.student / assignment).is_dir():
            failures.setdefault(submission.student, "nbgrader could not grade it (see the log above)")
    graded = len(todo) - len(failures)
    print(f"\n{assignment}: graded {graded} of {len(todo)} in {seconds:.1f} s "
          f"({seconds / max(len(todo), 1):.2f} s per submission)"
          + (f"; {skipped} unchanged, not regraded" if skipped else "") + ".")
    for student, reason in sorted(stopped.items()):
        print(f"  stopped early  {student}: {reason}")
    for student, reason in sorted(failures.items()):
        print(f"  failed         {student}: {reason}")


if __name__ == "__main__":
    raise SystemExit(main())
