"""What the batch grader hands to nbgrader's autograde: each submission's sandboxed run, and the pool.

The batch starts every run in its pool, several at a time, then builds nbgrader's
autograde steps with this object (`SandboxedExecute.prepared`). nbgrader's Execute
step takes the run of the notebook it is given, if the notebook nbgrader sanitized
has the same code cells as the one the batch ran, and otherwise runs it again in the
same pool: a difference costs time, never a wrong grade.
"""

from __future__ import annotations

from concurrent.futures import Future

from .grade_cells import fingerprint


class PreparedRuns:
    def __init__(self, pool, opening: Future):
        self.pool = pool
        self.opening = opening  # pool.open(), started by the batch
        self._runs: dict[tuple[str, str], Future] = {}  # (student, fingerprint of the cells) -> Future[GradedCells]

    def add(self, student: str, cells: list, run: Future) -> None:
        self._runs[(student, fingerprint(cells))] = run

    def take(self, student: str | None, cells: list) -> Future | None:
        """The run of exactly these cells of `student`'s notebook, once; None when there is none."""
        return self._runs.pop((student, fingerprint(cells)), None)

    def ready_pool(self):
        """The batch's pool, once it is open (the opening's error, if it failed)."""
        self.opening.result()
        return self.pool

    def cancel(self) -> None:
        """Cancel the runs nbgrader did not take (a batch that stopped early)."""
        for run in self._runs.values():
            run.cancel()
        self._runs.clear()
