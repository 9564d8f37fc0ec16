"""Grade a whole class at once: sandboxed runs in parallel, one nbgrader pass records them.

    python -m autograder.pipeline.batch_autograde 02_sequential_model [--student ada] [--all] [--jobs 2]

1. Find the submissions under submitted/*/<assignment>/ that are new or changed
   since they were last graded (all of them with --all, one with --student).
2. Restore each one's locked cells from the gradebook (the part of nbgrader's
   sanitizing that decides what runs) and run it in a fresh sandboxed kernel
   from a warm pool, several at a time, while a progress bar counts them.
3. Run nbgrader's own autograde in this process for exactly those students: its
   Execute step (`SandboxedExecute`) picks up the prepared results, and nbgrader
   writes autograded/ and the gradebook from this one process.
4. Record, for each submission that ends without an autograded notebook, why, in plain words
   (autograder/pipeline/ungraded_records.py; `make feedback` turns the record into the student's page), and
   remove the record of each one graded.
5. Print a summary: graded, stopped early (with the reason), failed, time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .submission_folder import extra_files, folder_refusal

STAMP = ".autograder-stamp.json"
# Why a submission has no autograded notebook when nothing more precise is known.
UNKNOWN_FAILURE = "the grader could not process your notebook: the course staff can see why in the grading log"


@dataclass
class Submission:
    student: str
    folder: Path
    notebook: Path

    @cached_property
    def digest(self) -> str:
        """A hash of every file the student handed in for this assignment (read once)."""
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
    folder = course / "autograded" / submission.student / assignment
    try:
        recorded = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return False
    graded = (folder / submission.notebook.name).is_file()
    return graded and recorded == {"submission": submission.digest, "assignment": source_digest}


def assignment_digest(course: Path, assignment: str) -> str:
    h = hashlib.sha256()
    for path in sorted((course / "source" / assignment).rglob("*")):
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def gradebook_cells(course_config, assignment: str) -> dict[str, tuple[str, str, bool]]:
    """{grade_id: (cell_type, source, locked)} of the assignment's cells, as the gradebook keeps them."""
    from nbgrader.api import Gradebook

    notebook = Path(course_config.ASSIGNMENTS[assignment]["notebook"]).stem
    with Gradebook(course_config.GRADEBOOK_URL, course_config.COURSE_ID) as gradebook:
        cells = gradebook.find_notebook(notebook, assignment).source_cells
        return {cell.name: (cell.cell_type, cell.source, bool(cell.locked)) for cell in cells}


def sanitized_cells(submission: Submission, known: dict[str, tuple[str, str, bool]]) -> list:
    """The submission's cells with every locked cell restored from the gradebook.

    This is the part of nbgrader's sanitize step (OverwriteCells) that decides
    what runs; if nbgrader's own pass ends up with other cells, SandboxedExecute
    sees a different fingerprint and runs the notebook again, so a difference
    costs time, never a wrong grade.
    """
    import nbformat

    notebook = nbformat.read(submission.notebook, as_version=4)
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id is None:
            continue
        if grade_id not in known:
            del meta["grade_id"]
            continue
        cell_type, source, locked = known[grade_id]
        if locked:
            cell.cell_type, cell.source = cell_type, source
    return notebook.cells


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
    """Grade the submissions of `assignment` that need it; nbgrader's exit status."""
    from ..sandbox import SandboxPool
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
    if not todo:
        print(f"All {len(submissions)} submissions of {assignment} are already graded (use --all to regrade).")
        return 0

    # Before anything heavy, so the pool's server imports TensorFlow (~3 s) while this
    # process imports nbgrader, reads the submissions and starts nbgrader's autograde.
    pool = SandboxPool(**pool_settings(size=jobs))
    with ThreadPoolExecutor(max_workers=1) as opener:
        opening = opener.submit(pool.open)
        try:
            status = _grade(course_config, assignment, notebook_name, todo, len(submissions) - len(todo),
                            jobs, pool, opening, source_digest, started)
        finally:
            opener.shutdown(wait=True)
            if opening.exception() is None:
                pool.close()
    return status


def _grade(course_config, assignment, notebook_name, todo, skipped, jobs, pool, opening: Future,
           source_digest: str, started: float) -> int:
    from tqdm import tqdm

    from . import sandboxed_execute
    from .grade_cells import fingerprint
    from .refusal_reasons import reason_for

    course = Path(course_config.ROOT)
    results: dict[str, Future] = {}
    failures: dict[str, str] = {}
    refused: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=jobs) as threads, \
            tqdm(total=len(todo), desc=f"grading {assignment}", unit="submission", dynamic_ncols=True) as bar:
        try:
            known = gradebook_cells(course_config, assignment)
            for submission in todo:
                reason = folder_refusal(submission.folder, submission.notebook)
                if reason:
                    refused[submission.student] = failures[submission.student] = reason
                    bar.update(1)
                    continue
                try:
                    cells = sanitized_cells(submission, known)
                except Exception as error:  # noqa: BLE001 - nbgrader reports it again in its own pass
                    failures[submission.student] = reason_for(error)
                    bar.update(1)
                    continue
                future = threads.submit(_run_when_open, opening, cells, submission.folder, pool)
                future.add_done_callback(lambda _f: bar.update(1))
                sandboxed_execute.PREPARED[(submission.student, assignment, fingerprint(cells))] = future
                sandboxed_execute.STAMPS[submission.student] = {"submission": submission.digest,
                                                                "assignment": source_digest}
                results[submission.student] = future
            sandboxed_execute.use_pool(pool, ready=opening)
            everyone = [s.student for s in find_submissions(course, assignment, notebook_name, None)]
            nbgrader_status, nbgrader_errors = _run_nbgrader(
                assignment, [s.student for s in todo if s.student not in refused], everyone)
            for student, error in nbgrader_errors.items():
                failures.setdefault(student, reason_for(error))
            _record_without_grades(course_config, assignment, refused)
            ungraded = [s.student for s in todo
                        if not (course / "autograded" / s.student / assignment / notebook_name).is_file()]
            for student in ungraded:
                failures.setdefault(student, UNKNOWN_FAILURE)
            _record_why_not_graded(course, assignment, todo, {student: failures[student] for student in ungraded})
        finally:
            sandboxed_execute.PREPARED.clear()
            sandboxed_execute.STAMPS.clear()
            sandboxed_execute.use_pool(None)
            for future in results.values():
                future.cancel()

    _print_summary(assignment, todo, results, failures, skipped, time.monotonic() - started, pool.mode)
    from .late_work import late_lines

    for line in late_lines(course_config.GRADEBOOK_URL, course_config.COURSE_ID, assignment, [s.student for s in todo]):
        print(f"  late           {line}")
    for submission in todo:
        if submission.student not in failures and (extra := extra_files(submission.folder, submission.notebook)):
            print(f"  extra files    {submission.student}: {', '.join(extra)} (kept with the submission, not graded)")
    return nbgrader_status


def _record_without_grades(course_config, assignment: str, students) -> None:
    """Refused submissions appear in the gradebook as submitted, with no score."""
    if not students:
        return
    from nbgrader.api import Gradebook

    with Gradebook(course_config.GRADEBOOK_URL, course_config.COURSE_ID) as gradebook:
        for student in students:
            gradebook.update_or_create_student(student)
            gradebook.update_or_create_submission(assignment, student)


def _record_why_not_graded(course: Path, assignment: str, todo, ungraded: dict[str, str]) -> None:
    """A record per submission left without an autograded notebook, saying why (for its feedback page);
    none for the rest."""
    from .ungraded_records import remove_record, write_record

    for submission in todo:
        if submission.student in ungraded:
            write_record(course, submission.student, assignment, ungraded[submission.student])
        else:
            remove_record(course, submission.student, assignment)


def _run_when_open(opening: Future, cells, folder: Path, pool):
    from .sandboxed_execute import run_submission

    opening.result()
    return run_submission(cells, folder, pool)


def _run_nbgrader(assignment: str, graded: list[str], everyone: list[str]) -> tuple[int, dict[str, BaseException]]:
    """nbgrader's autograde, in this process, for exactly the students in `graded`.

    Its exit status, and {student: the exception that made nbgrader give up on their submission}.
    """
    from nbgrader.apps import AutogradeApp

    from .sandboxed_execute import RecordStamp

    excluded = sorted(set(everyone) - set(graded))
    argv = [assignment, "--force"]
    if excluded:
        argv.append(f"--CourseDirectory.student_id_exclude={','.join(excluded)}")
    app = AutogradeApp.instance()
    errors = _NbgraderErrors()
    try:
        app.initialize(argv)
        app.log.setLevel(logging.ERROR)  # the summary below reports; nbgrader's per-cell warnings are noise here
        app.log.addHandler(errors)
        steps = list(app.config.Autograde.autograde_preprocessors)
        app.config.Autograde.autograde_preprocessors = steps + [RecordStamp]
        app.start()
    except SystemExit as exit_:
        return int(exit_.code or 0), errors.by_student
    finally:
        app.log.removeHandler(errors)
    return 0, errors.by_student


class _NbgraderErrors(logging.Handler):
    """Keeps, per student, the exception that made nbgrader give up on their submission.

    nbgrader logs "There was an error processing assignment: <submitted/student/assignment>" from
    inside its `except` block (BaseConverter.convert_notebooks), so the exception being handled
    then is the one that stopped it.
    """

    GAVE_UP = "There was an error processing assignment: %s"

    def __init__(self):
        super().__init__(logging.ERROR)
        self.by_student: dict[str, BaseException] = {}

    def emit(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if record.msg == self.GAVE_UP and record.args and error is not None:
            self.by_student.setdefault(Path(str(record.args[0])).parent.name, error)


def _print_summary(assignment, todo, results, failures, skipped, seconds, mode) -> None:
    stopped = {}
    for student, future in results.items():
        if future.exception() is not None:
            failures[student] = f"{type(future.exception()).__name__}: {future.exception()}"
        elif future.result().stopped:
            stopped[student] = future.result().stopped
    graded = len(todo) - len(failures)
    print(f"\n{assignment}: graded {graded} of {len(todo)} in {seconds:.1f} s "
          f"({seconds / max(len(todo), 1):.2f} s per submission)"
          + (f"; {skipped} unchanged, not regraded" if skipped else "") + f"; sandbox: {mode} mode.")
    for student, reason in sorted(stopped.items()):
        print(f"  stopped early  {student}: {reason}")
    for student, reason in sorted(failures.items()):
        print(f"  failed         {student}: {reason}")


if __name__ == "__main__":
    raise SystemExit(main())
