"""Grade a whole class at once: sandboxed runs in parallel, one nbgrader pass records them.

    python -m autograder.pipeline.batch_autograde 02_sequential_model [--student ada] [--all] [--jobs 2]

Its settings are nbgrader's: it reads the course's nbgrader_config.py from the current
directory (the course root), as every `nbgrader` command does. A run (`BatchAutograde`)
has four steps:

1. prepare: find the submissions under submitted/*/<assignment>/ that are new or changed
   since they were last graded (all of them with --all, one with --student); refuse the
   folders nbgrader must not read; restore each notebook's locked cells from the gradebook
   (the part of nbgrader's sanitizing that decides what runs) and start its run in a fresh
   sandboxed kernel from a warm pool, several at a time, while a progress bar counts them.
2. grade: nbgrader's own autograde in this process for exactly those students; its Execute
   step (`SandboxedExecute`) is handed the prepared runs (`PreparedRuns`) and copies their
   results in, and nbgrader writes autograded/ and the gradebook from this one process.
3. record: for each submission that ends without an autograded notebook, why, in plain words
   (autograder/pipeline/ungraded_records.py; `make feedback` turns the record into the
   student's page); the record of each one graded is removed.
4. summarize: graded, stopped early (with the reason), failed (the recorded reason), time; and
   record when the batch ran and how long it took (autograder/pipeline/batch_runs.py, for `make report`).

With `c.SandboxedExecute.executor = "stock"` (AUTOGRADER_EXECUTOR=stock) there is no
sandbox: step 1 only refuses folders, and nbgrader's own Execute grades in step 2.
With DASK_SCHEDULER=tcp://host:port, step 1 starts the runs on that Dask cluster's workers
instead of a local pool (autograder/cluster/); the other steps are the same.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .assignment_errors import TestCell, assignment_errors
from .gradebook_submissions import create_submissions
from .refusal_reasons import grader_fault
from .stamps import assignment_digest, folder_digest, is_current
from .submission_folder import extra_files, folder_refusal
from ..shared.points_text import points_text

# Why a submission has no autograded notebook when nothing more precise is known.
UNKNOWN_FAILURE = "the grader could not process your notebook: the course staff can see why in the grading log"
# Exit statuses beyond 0 and 1 (README, "Exit statuses"): nothing was graded or recorded.
INSTRUCTOR_ERROR = 2  # the assignment's tests, the assignment or the cluster named is wrong
SANDBOX_UNAVAILABLE = 3  # the sandbox cannot start here


@dataclass
class Submission:
    student: str
    folder: Path
    notebook: Path

    @cached_property
    def digest(self) -> str:
        """A hash of every file the student handed in for this assignment (read once)."""
        return folder_digest(self.folder)


def find_submissions(submitted: Path, assignment: str, notebook_name: str, student: str | None) -> list[Submission]:
    found = []
    for folder in sorted(Path(submitted).glob(f"{student or '*'}/{assignment}")):
        if folder.is_dir():
            found.append(Submission(folder.parent.name, folder, folder / notebook_name))
    return found


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


@dataclass
class Outcome:
    """What became of the submissions a run graded (student ids); `failed` holds the recorded reasons."""

    failed: dict[str, str] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    runs: dict[str, Future] = field(default_factory=dict)  # the sandboxed runs started
    nbgrader_status: int = 0


class BatchAutograde:
    """One `make autograde`: prepare, grade, record, summarize (the steps of nbgrader's converters)."""

    def __init__(self, app, assignment: str, student: str | None = None, force: bool = False,
                 jobs: int | None = None):
        """`app`: nbgrader's AutogradeApp, initialized (its config is the course's)."""
        from nbgrader.api import Gradebook

        from .sandboxed_execute import SandboxedExecute

        self.app, self.assignment, self.student, self.force = app, assignment, student, force
        self.started = time.monotonic()
        self.coursedir = app.coursedir
        self.settings = SandboxedExecute(parent=app)  # the course's executor and sandbox settings
        self.sandboxed = self.settings.executor == "sandbox"
        self.jobs = jobs or self.settings.parallel_kernels
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            notebooks = [notebook.name for notebook in gradebook.find_assignment(assignment).notebooks]
            found = {name: gradebook.find_notebook(name, assignment) for name in notebooks}
            self.known_cells = {name: source_cells(notebook) for name, notebook in found.items()}
            self.test_cells = {name: _test_cells(notebook) for name, notebook in found.items()}
        if len(notebooks) != 1:
            raise ValueError(f"{assignment} has {len(notebooks)} notebooks; the batch grader grades one per assignment")
        self.notebook_name = notebooks[0] + ".ipynb"
        self.submitted = Path(self.coursedir.format_path(self.coursedir.submitted_directory, ".", "."))
        self.autograded = Path(self.coursedir.format_path(self.coursedir.autograded_directory, ".", "."))
        self.submissions = find_submissions(self.submitted, assignment, self.notebook_name, student)
        self.source_digest = assignment_digest(Path(self.coursedir.root), assignment)
        self.todo = [s for s in self.submissions if force or student or not self._is_current(s)]
        self.outcome = Outcome()
        self.cluster = None
        self.log_path = self.autograded / f"autograde-{assignment}.log"  # nbgrader's full log of the last batch

    def run(self) -> int:
        """All four steps; nbgrader's exit status (1 when there was nothing to grade for --student)."""
        if not self.submissions:
            print(f"No submissions for {self.assignment} under {self.submitted.resolve()}"
                  + (f" from {self.student}" if self.student else "") + ".")
            return 1 if self.student else 0
        if not self.todo:
            print(f"All {len(self.submissions)} submissions of {self.assignment} are already graded "
                  f"(ALL=1 regrades them).")
            return 0
        errors = assignment_errors(self.test_cells[self.notebook_name.removesuffix(".ipynb")])
        if errors:  # the instructor's: before any grade, record or feedback page changes
            print(f"Nothing was graded: the tests of {self.assignment} have {len(errors)} mistake(s), as the "
                  f"gradebook keeps them; fix source/{self.assignment}/, run `make release`, then grade again:",
                  file=sys.stderr)
            for error in errors:
                print(f"  {error}", file=sys.stderr)
            return INSTRUCTOR_ERROR
        pool = opening = prepared = None
        try:  # where the runs happen: a Dask cluster's workers (DASK_SCHEDULER), else a pool here
            self.cluster = self._cluster() if self.sandboxed else None
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return INSTRUCTOR_ERROR
        if self.cluster is not None:
            with self.cluster:
                return self._run_on_cluster()
        if self.sandboxed:  # before anything heavy: the pool's server imports TensorFlow (~3 s) meanwhile
            from ..sandbox import SandboxPool

            pool = SandboxPool(**self.settings.pool_settings(size=self.jobs))
        unavailable = None  # the SandboxError that kept the pool from opening
        with ThreadPoolExecutor(max_workers=1) as opener:
            try:
                if pool is not None:
                    opening = opener.submit(pool.open)
                prepared = self.prepare(pool, opening)
                if opening is not None and (problem := opening.exception()) is not None:
                    # waits for the pool and its pre-flight check: before nbgrader or any record saw a submission
                    from ..sandbox import SandboxError

                    if not isinstance(problem, SandboxError):
                        raise problem
                    unavailable = problem
                else:
                    self.grade(prepared)
                    self.record()
            finally:
                self._stop_runs(prepared)
                opener.shutdown(wait=True)
                if opening is not None and opening.exception() is None:
                    pool.close()
        if unavailable is not None:  # after the progress bar's last line
            print(f"No submission of {self.assignment} was graded: {_first_line(unavailable)}.", file=sys.stderr)
            return SANDBOX_UNAVAILABLE
        self.summarize(pool.mode if pool else "")
        if pool is not None and pool.advice:
            print(f"  sandbox advice: {pool.advice}")
        self.print_scores()
        return self.status()

    def _cluster(self):
        """The Dask cluster DASK_SCHEDULER names (cluster.client.ClusterKernels), or None.

        RuntimeError, saying why in one sentence, when it cannot be reached (and DASK_FALLBACK is not "local").
        """
        import os

        if not os.environ.get("DASK_SCHEDULER", "").strip():
            return None
        from ..cluster.client import SchedulerUnreachable, cluster_from_environment

        settings = self.settings.pool_settings()
        del settings["size"]  # each worker's pool has one kernel per worker thread
        try:
            return cluster_from_environment(settings, Path(self.coursedir.root))
        except SchedulerUnreachable as error:
            raise RuntimeError(str(error)) from None

    def _run_on_cluster(self) -> int:
        prepared = None
        try:
            prepared = self.prepare(None, None)
            self.grade(prepared)
            self.record()
        finally:
            self._stop_runs(prepared)
        self.summarize(self.cluster.mode)
        print(f"  {self.cluster.summary()}")
        self.print_scores()
        return self.status()

    def prepare(self, pool, opening: Future | None):
        """Refuse what must not be read, and start each other submission's sandboxed run; the PreparedRuns."""
        from tqdm import tqdm

        from .prepared_runs import PreparedRuns
        from .refusal_reasons import reason_for

        for submission in self.todo:
            reason = folder_refusal(submission.folder, submission.notebook)
            if reason:
                self.outcome.refused.add(submission.student)
                self.outcome.failed[submission.student] = reason
        if pool is None and self.cluster is None:
            return None
        prepared = self.cluster.prepared_runs() if self.cluster else PreparedRuns(pool, opening)
        self._threads = threads = ThreadPoolExecutor(max_workers=self.jobs)
        self._bar = bar = tqdm(total=len(self.todo), desc=f"grading {self.assignment}", unit="submission",
                               dynamic_ncols=True)
        bar.update(len(self.outcome.refused))
        known = self.known_cells[self.notebook_name.removesuffix(".ipynb")]
        for submission in self.todo:
            if submission.student in self.outcome.refused:
                continue
            try:
                cells = sanitized_cells(submission, known)
            except Exception as error:  # noqa: BLE001 - one notebook's problem: it is not handed to nbgrader
                self.outcome.refused.add(submission.student)
                self.outcome.failed[submission.student] = reason_for(error)
                bar.update(1)
                continue
            if self.cluster:
                run = prepared.start(submission.student, cells, submission.folder)
            else:
                run = threads.submit(_run_when_open, prepared, cells, submission.folder)
                prepared.add(submission.student, cells, run)
            run.add_done_callback(lambda _run: bar.update(1))
            self.outcome.runs[submission.student] = run
        return prepared

    def _stop_runs(self, prepared) -> None:
        """Cancel the runs nbgrader did not take, wait for the running ones, close the progress bar."""
        if prepared is None:
            return
        prepared.cancel()
        self._threads.shutdown(wait=True, cancel_futures=True)
        self._bar.close()

    def grade(self, prepared) -> None:
        """nbgrader's autograde, in this process, for exactly the students to grade that were not refused."""
        from nbgrader.converters import Autograde, NbGraderException

        from .check_metadata import checked_once
        from .refusal_reasons import reason_for
        from .sandboxed_execute import SandboxedExecute
        from .shared_gradebook import one_engine
        from .stamps import RecordStamp

        graded = {s.student for s in self.todo} - self.outcome.refused
        everyone = {s.student for s in find_submissions(self.submitted, self.assignment, self.notebook_name, None)}
        self.coursedir.assignment_id = self.assignment
        self.coursedir.student_id_exclude = ",".join(sorted(everyone - graded))
        errors = _NbgraderErrors()
        log = self.app.log
        level, shown = log.level, list(log.handlers)
        # The summary reports; nbgrader's log (tracebacks included) goes to a file the summary names,
        # and to the terminal too with VERBOSE=1 (make's variable).
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(self.log_path, mode="w", encoding="utf-8")
        to_file.setFormatter(logging.Formatter("%(asctime)s [%(name)s | %(levelname)s] %(message)s"))
        verbose = bool(os.environ.get("VERBOSE"))
        log.setLevel(logging.INFO)
        for handler in shown:
            if not verbose:
                log.removeHandler(handler)
        ours = logging.getLogger("autograder")
        log.addHandler(errors)
        log.addHandler(to_file)
        ours.addHandler(to_file)
        try:
            converter = Autograde(coursedir=self.coursedir, parent=self.app)
            converter.force = True
            stamps = {s.student: {"submission": s.digest, "assignment": self.source_digest}
                      for s in self.todo if s.student in graded}
            converter.sanitize_preprocessors = checked_once(converter.sanitize_preprocessors)
            converter.autograde_preprocessors = [
                SandboxedExecute(parent=converter, prepared=prepared)
                if isinstance(step, type) and issubclass(step, SandboxedExecute) else step
                for step in checked_once(converter.autograde_preprocessors)] + [
                RecordStamp(parent=converter, stamps=stamps)]
            if graded:
                with one_engine(self.coursedir.db_url):
                    create_submissions(self.coursedir.db_url, self.coursedir.course_id, self.assignment, graded)
                    converter.start()
        except NbGraderException:
            self.outcome.nbgrader_status = 1
        finally:
            for handler in (errors, to_file):
                log.removeHandler(handler)
            ours.removeHandler(to_file)
            to_file.close()
            for handler in shown:
                if handler not in log.handlers:
                    log.addHandler(handler)
            log.setLevel(level)
        for student, error in errors.by_student.items():
            self.outcome.failed.setdefault(student, reason_for(error))

    def record(self) -> None:
        """The refused in the gradebook without grades; a plain reason for each submission left ungraded."""
        from .ungraded_records import remove_record, write_record

        self._record_without_grades(self.outcome.refused)
        for submission in self.todo:
            if (self.autograded / submission.student / self.assignment / self.notebook_name).is_file():
                self.outcome.failed.pop(submission.student, None)
                remove_record(Path(self.coursedir.root), submission.student, self.assignment)
            else:
                self.outcome.failed.setdefault(submission.student, UNKNOWN_FAILURE)
                write_record(Path(self.coursedir.root), submission.student, self.assignment,
                             self.outcome.failed[submission.student])

    def summarize(self, mode: str) -> None:
        """Graded, stopped early, failed (with the reasons recorded for the students' pages), time."""
        seconds = time.monotonic() - self.started
        stopped = {student: run.result().stopped for student, run in sorted(self.outcome.runs.items())
                   if run.done() and not run.cancelled() and run.exception() is None and run.result().stopped}
        failed = self.outcome.failed
        executor = (("sandbox: " + (f"{mode} mode" if mode else "not started, no notebook ran")) if self.sandboxed
                    else "executor: stock (nbgrader's Execute, no isolation)")
        skipped = len(self.submissions) - len(self.todo)
        print(f"\n{self.assignment}: graded {len(self.todo) - len(failed)} of {len(self.todo)} in {seconds:.1f} s "
              f"({seconds / max(len(self.todo), 1):.2f} s per submission)"
              + (f"; {skipped} unchanged, not regraded" if skipped else "") + f"; {executor}.")
        from .batch_runs import record_run

        record_run(Path(self.coursedir.root), self.assignment, seconds, len(self.todo) - len(failed), len(self.todo),
                   mode)
        for student, reason in stopped.items():
            print(f"  stopped early  {student}: {reason}")
        for student, reason in sorted(failed.items()):
            print(f"  failed         {student}: {reason}")
        from .late_work import late_lines

        graded = [s.student for s in self.todo]
        for line in late_lines(self.coursedir.db_url, self.coursedir.course_id, self.assignment, graded):
            print(f"  late           {line}")
        for submission in self.todo:
            if submission.student not in failed and (extra := extra_files(submission.folder, submission.notebook)):
                print(f"  extra files    {submission.student}: {', '.join(extra)} "
                      f"(kept with the submission, not graded)")
        if (failed or stopped) and self.log_path.is_file():  # something to look into
            print(f"  log            {_shown_path(self.log_path, Path(self.coursedir.root))} (nbgrader's, in full)")

    def status(self) -> int:
        """0 when each submission was graded or has a reason its student can act on; 1 when the grader
        failed some (the log says why)."""
        return 1 if any(grader_fault(reason) for reason in self.outcome.failed.values()) else 0

    def print_scores(self) -> None:
        """With --student (STUDENT=): that student's score per task, from the gradebook."""
        if not self.student or self.student in self.outcome.failed:
            return
        from nbgrader.api import Gradebook, MissingEntry

        notebook = self.notebook_name.removesuffix(".ipynb")
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                graded = gradebook.find_submission_notebook(notebook, self.assignment, self.student)
            except MissingEntry:
                return
            grades = {grade.name: grade for grade in graded.grades}
            order = [name for name in self.known_cells[notebook] if name in grades]
            tasks, waiting = [], []
            for name in order:
                grade = grades[name]
                if grade.score is None or (grade.needs_manual_grade and grade.manual_score is None):
                    waiting.append(name)
                    tasks.append(f"{name} -/{points_text(grade.max_score)}")
                else:
                    tasks.append(f"{name} {points_text(grade.score)}/{points_text(grade.max_score)}")
            total, most = graded.score, graded.max_score
        print(f"  scores         {self.student}: " + ", ".join(tasks)
              + f"; total {points_text(total)} of {points_text(most)}"
              + (f" ('-': {', '.join(waiting)} waits for a TA in formgrader)" if waiting else ""))

    def _is_current(self, submission: Submission) -> bool:
        stamp = {"submission": submission.digest, "assignment": self.source_digest}
        return is_current(self.autograded / submission.student / self.assignment, self.notebook_name, stamp)

    def _record_without_grades(self, students) -> None:
        """Refused submissions appear in the gradebook as submitted, with no score."""
        create_submissions(self.coursedir.db_url, self.coursedir.course_id, self.assignment, students)


def source_cells(notebook) -> dict[str, tuple[str, str, bool]]:
    """{grade_id: (cell_type, source, locked)} of a gradebook notebook's cells, as the gradebook keeps them."""
    return {cell.name: (cell.cell_type, cell.source, bool(cell.locked)) for cell in notebook.source_cells}


def _test_cells(notebook) -> dict[str, TestCell]:
    """{grade_id: TestCell} of a gradebook notebook's autograded test cells (grade cells that are not solutions)."""
    solutions = {cell.name for cell in notebook.solution_cells}
    sources = {cell.name: cell.source for cell in notebook.source_cells}
    return {cell.name: TestCell(cell.cell_type, sources.get(cell.name, ""), cell.max_score)
            for cell in notebook.grade_cells if cell.name not in solutions}


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _first_line(error: BaseException) -> str:
    """The sentence of a SandboxError; for a kernel's traceback, its first line and the exception it ends with."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if len(lines) < 2 else f"{lines[0].rstrip(':')}: {lines[-1]}"
    return text.rstrip(".")


def _run_when_open(prepared, cells, folder: Path):
    from .sandboxed_execute import run_submission

    return run_submission(cells, folder, prepared.ready_pool())


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


def main(argv: list[str] | None = None) -> int:
    # `kill` (SIGTERM) stops like Ctrl-C: the pool still kills its kernels and removes its temporary folders.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    parser = argparse.ArgumentParser(prog="make autograde", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--student", help="grade only this student's submission (make's STUDENT=)")
    parser.add_argument("--all", action="store_true", help="regrade every submission, changed or not (ALL=1)")
    parser.add_argument("--jobs", type=int, help="kernels at once (JOBS=; default: the course's parallel_kernels)")
    args = parser.parse_args(argv)

    from nbgrader.api import MissingEntry
    from nbgrader.apps import AutogradeApp

    app = AutogradeApp.instance()
    app.initialize([])  # reads nbgrader_config.py from the course root, the current directory
    from ..gradebook import unreachable

    if problem := unreachable(app.coursedir.db_url):  # before anyone is graded
        print(f"Nothing was graded: {problem}.", file=sys.stderr)
        return 1
    try:
        batch = BatchAutograde(app, args.assignment, args.student, args.all, args.jobs)
    except MissingEntry:  # not released yet: registered from source/, as `make release` would
        from .register_assignment import register_from_source

        if problem := register_from_source(app, args.assignment):
            print(f"Nothing was graded: {problem}.", file=sys.stderr)
            return INSTRUCTOR_ERROR
        print(f"{args.assignment} was not in the gradebook yet: registered it from source/{args.assignment}/ "
              f"(as `make release` does; release/ was not changed).")
        batch = BatchAutograde(app, args.assignment, args.student, args.all, args.jobs)
    return batch.run()


if __name__ == "__main__":
    raise SystemExit(main())
