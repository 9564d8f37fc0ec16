"""nbgrader's Execute step, replaced: run the submission sandboxed, judge its tests outside.

Configured in `course_config.configure` in place of nbgrader's `Execute`, so a
plain `nbgrader autograde` grades this way too (one submission at a time, in a
pool this process opens on first use and closes at exit). Its traits
(`SandboxSettings`, and `executor`) are set there like nbgrader's own; with
`executor = "stock"` it is nbgrader's Execute. The batch grader
(`autograder.pipeline.batch_autograde`) runs many submissions at once in its
own pool beforehand and hands them over as a `PreparedRuns` (the `prepared`
trait of the step it builds); this step then only copies the results in, and
nbgrader records the grades as usual, from one process, so the gradebook is
never written concurrently.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

import nbformat
from nbgrader.preprocessors import Execute
from traitlets import Enum, Instance

from .grade_cells import GradedCells, grade_cells
from .prepared_runs import PreparedRuns
from .sandbox_settings import SandboxSettings
from .submission_folder import SubmissionRefused, folder_refusal

EXECUTORS = ("sandbox", "stock")

_shared_pool = None
_shared_pool_lock = threading.Lock()


def shared_pool(settings: dict):
    """The one warm sandbox pool of a plain `nbgrader autograde` process, opened on first use, closed at exit."""
    global _shared_pool
    with _shared_pool_lock:
        if _shared_pool is None:
            from ..sandbox import SandboxPool

            _shared_pool = SandboxPool(**settings).open()
            atexit.register(_shared_pool.close)
        return _shared_pool


def run_submission(cells: list, files_dir: Path, pool) -> GradedCells:
    """Grade one notebook's cells in a fresh sandboxed kernel from `pool`."""
    with pool.kernel(files_dir=Path(files_dir)) as kernel:
        return grade_cells(cells, kernel)


class SandboxedExecute(SandboxSettings, Execute):
    """Fill every code cell's outputs from a sandboxed run with judged test cells."""

    executor = Enum(EXECUTORS, default_value="sandbox",
                    help="'sandbox': a fresh sandboxed kernel runs the submission and the grader judges its "
                         "test cells; 'stock': nbgrader's own Execute (hidden tests in the student's kernel, "
                         "fooled by hostile code; the baseline of `make bench`)").tag(config=True)
    prepared = Instance(PreparedRuns, allow_none=True, help="The batch grader's runs, handed over by the batch")

    def preprocess(self, nb, resources, km=None):
        if self.executor == "stock":
            return super().preprocess(nb, resources, km)
        info = resources.get("nbgrader", {})
        run = self.prepared.take(info.get("student"), nb.cells) if self.prepared else None
        if run is not None:
            graded = run.result()
        else:
            self._refuse_links(info, resources)
            pool = self.prepared.ready_pool() if self.prepared else shared_pool(self.pool_settings())
            graded = run_submission(nb.cells, Path(resources["metadata"]["path"]), pool)
        apply_graded(nb, graded)
        self.log.info("Graded %s/%s in a sandboxed kernel (%s mode)%s", info.get("student"),
                      info.get("assignment"), graded.mode or "unknown",
                      f"; the kernel stopped early: {graded.stopped}" if graded.stopped else "")
        return nb, resources

    def _refuse_links(self, info: dict, resources: dict) -> None:
        """In a plain `nbgrader autograde` (the batch grader refused these already): no links followed."""
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)
        folder = Path(coursedir.format_path(coursedir.submitted_directory, info.get("student"), info.get("assignment")))
        notebook = folder / (resources.get("unique_key", "") + ".ipynb")
        reason = folder_refusal(folder, notebook) if folder.is_dir() else ""
        if reason:
            raise SubmissionRefused(f"{info.get('student')}/{info.get('assignment')} was not graded: {reason}")


def apply_graded(nb, graded: GradedCells) -> None:
    for index, cell in enumerate(nb.cells):
        if index in graded.outputs:
            cell.outputs = [nbformat.from_dict(output) for output in graded.outputs[index]]
            cell.execution_count = graded.execution_counts.get(index)
