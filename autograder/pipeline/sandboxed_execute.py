"""nbgrader's Execute step, replaced: run the submission sandboxed, judge its tests outside.

Configured in `course_config.configure` in place of nbgrader's `Execute`, so a
plain `nbgrader autograde` grades this way too (one submission at a time). The
batch grader (`autograder.pipeline.batch_autograde`) runs many submissions at once in
the same sandbox pool beforehand and leaves their results in `PREPARED`; this
step then only copies them in, and nbgrader records the grades as usual, from
one process, so the gradebook is never written concurrently.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from .batch_autograde import STAMP
from .grade_cells import GradedCells, fingerprint, grade_cells
from .submission_folder import SubmissionRefused, folder_refusal

# (student, assignment, notebook fingerprint) -> Future[GradedCells], filled by the batch grader.
PREPARED: dict[tuple, Future] = {}
# student -> what their autograded folder's stamp records (batch_autograde.is_current reads it back).
STAMPS: dict[str, dict] = {}

_pool = None
_pool_ready: Future | None = None
_pool_lock = threading.Lock()


def shared_pool():
    """One warm sandbox pool per grading process, started on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            from ..sandbox import SandboxPool
            from .sandbox_settings import pool_settings

            _pool = SandboxPool(**pool_settings())
            _pool.__enter__()
        pool, ready = _pool, _pool_ready
    if ready is not None:
        ready.result()
    return pool


def use_pool(pool, ready: Future | None = None) -> None:
    """Make the batch grader's pool the one this step uses (once `ready` is done, if given)."""
    global _pool, _pool_ready
    with _pool_lock:
        _pool, _pool_ready = pool, ready


def run_submission(cells: list, files_dir: Path, pool=None) -> GradedCells:
    """Grade one notebook's cells in a fresh sandboxed kernel from `pool`."""
    pool = pool or shared_pool()
    with pool.kernel(files_dir=Path(files_dir)) as kernel:
        return grade_cells(cells, kernel)


class SandboxedExecute(NbGraderPreprocessor):
    """Fill every code cell's outputs from a sandboxed run with judged test cells."""

    enabled = True

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        key = (info.get("student"), info.get("assignment"), fingerprint(nb.cells))
        prepared = PREPARED.pop(key, None)
        if prepared is not None:
            graded = prepared.result()
        else:
            self._refuse_links(info, resources)
            graded = run_submission(nb.cells, Path(resources["metadata"]["path"]))
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


class RecordStamp(NbGraderPreprocessor):
    """Last autograde step of the batch grader: stamp the graded folder with what was graded.

    Written once nbgrader has saved the grades, so a batch that is interrupted
    leaves stamps exactly on the submissions it finished; the next run skips
    those and grades the rest.
    """

    enabled = True

    def preprocess(self, nb, resources):
        stamp = STAMPS.get(resources.get("nbgrader", {}).get("student"))
        if stamp is not None:
            Path(resources["metadata"]["path"], STAMP).write_text(json.dumps(stamp))
        return nb, resources
