"""Judge a worker's results here: `grade_cells` runs against a kernel that answers from them.

The grading process runs the very `grade_cells` it runs on one machine; its
kernel is a ReplayKernel that returns, call by call, what the worker's real
kernel returned for the same step. A call that is not the next step the
worker ran is a bug of the grader, and says so.
"""

from __future__ import annotations

from ..pipeline.grade_cells import GradedCells, grade_cells
from ..sandbox.results import CellResult, FactsResult


class ReplayMismatch(Exception):
    """grade_cells asked the replayed kernel for something the worker was not asked, or not for everything."""


class ReplayKernel:
    """run_cell() and collect() answered from a worker's transcript, in order."""

    def __init__(self, steps: list[dict], transcript: dict):
        self.mode = transcript["mode"]
        self._steps = steps
        self._results = transcript["results"]
        self.used = 0

    def run_cell(self, code: str) -> CellResult:
        return CellResult(**self._next("run", code))

    def collect(self, request: dict) -> FactsResult:
        return FactsResult(**self._next("collect", request))

    def _next(self, op: str, argument) -> dict:
        if self.used >= len(self._results):
            raise ReplayMismatch(f"the grader asked for step {self.used + 1} of {len(self._steps)}, but the worker's "
                                 f"kernel gave {len(self._results)} results")
        step = self._steps[self.used]
        if step.get(op) != argument:
            raise ReplayMismatch(f"the grader asked for {op} {argument!r} as step {self.used + 1}; the worker ran "
                                 f"{step!r}")
        self.used += 1
        return self._results[self.used - 1]


def graded_cells(cells: list, steps: list[dict], transcript: dict) -> GradedCells:
    """What grading `cells` in the worker's kernel gives, judged here with the requests the worker collected for."""
    kernel = ReplayKernel(steps, transcript)
    graded = grade_cells(cells, kernel, requests={step["cell"]: step["collect"] for step in steps if "collect" in step})
    if kernel.used != len(transcript["results"]):
        raise ReplayMismatch(f"the grader used {kernel.used} of the worker's {len(transcript['results'])} results")
    return graded
