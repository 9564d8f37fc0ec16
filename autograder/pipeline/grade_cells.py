"""Run a submitted notebook in a sandboxed kernel and judge its test cells outside it.

Ordinary code cells run in the student's kernel and keep their (capped)
outputs. A test cell is never run there: its hidden check is read from the
cell's trusted source (nbgrader has already overwritten it from the
gradebook), the kernel is only asked for the facts that check needs, and the
verdict is computed here. A kernel that dies or runs out of time costs the
cells after it, which score 0 with a sentence saying why; the cells before it
keep their results.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field

from nbgrader.utils import is_grade, is_solution

from ..judging.checks import facts_request, judge_facts, points_of
from ..judging.findings import failed
from ..judging.hidden_call import parse_hidden_call
from ..judging.network_picture import network_outputs
from ..judging.report import format_report, score

log = logging.getLogger(__name__)


@dataclass
class GradedCells:
    """The outputs of every code cell, by index, and how the run ended."""

    outputs: dict[int, list] = field(default_factory=dict)
    execution_counts: dict[int, int | None] = field(default_factory=dict)
    stopped: str = ""  # why the kernel stopped early, '' if it ran to the end
    mode: str = ""


def is_test_cell(cell) -> bool:
    """An autograded code cell nbgrader knows: its grade_id survived sanitizing, so its source is the gradebook's."""
    return (cell.cell_type == "code" and bool(is_grade(cell)) and not is_solution(cell)
            and bool(cell.metadata["nbgrader"].get("grade_id")))


def fingerprint(cells: list) -> str:
    """What determines a run's result: the code cells' sources and which are test cells."""
    code = [(c["source"], is_test_cell(c)) for c in cells if c.get("cell_type") == "code"]
    return hashlib.sha256(json.dumps(code).encode()).hexdigest()


def grade_cells(cells: list, kernel, requests: dict[int, dict] | None = None) -> GradedCells:
    """Run or judge each code cell of `cells` (nbformat cells) in order, in `kernel`.

    `requests`: each test cell's facts request by cell index, when it was drawn beforehand (a Dask worker
    collected the facts with it, autograder/cluster/); drawn here otherwise (its probe seed is random).
    """
    graded = GradedCells(mode=getattr(kernel, "mode", ""))
    count = 0
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", f"cell {index + 1}")
        if is_test_cell(cell):
            call = parse_hidden_call(cell["source"], where=f"test cell {grade_id!r}")
            request = requests[index] if requests is not None else facts_request(call)
            if graded.stopped:
                graded.outputs[index] = test_outputs(call, request, None, graded.stopped, count + 1)
                graded.execution_counts[index] = None
                continue
            count += 1
            result = kernel.collect(request)
            problem = result.problem
            if result.status == "raised":
                log.warning("collecting facts for %s in %s raised:\n%s", call.name, grade_id, result.error)
                problem = (f"the grader's questions about `{call.name}` raised an error inside your notebook "
                           f"({_last_line(result.error)})")
            elif not result.ok:
                graded.stopped = f"{problem} (while the test cell {grade_id!r} ran)"
            graded.outputs[index] = test_outputs(call, request, result.facts if result.ok else None, problem, count)
            graded.execution_counts[index] = count
            continue
        if graded.stopped:
            graded.outputs[index], graded.execution_counts[index] = [], None
            continue
        count += 1
        result = kernel.run_cell(cell["source"])
        graded.outputs[index] = result.outputs
        graded.execution_counts[index] = count
        if result.status not in ("ok", "error"):
            graded.stopped = f"{result.problem} (in the cell {grade_id!r})"
    return graded


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no details"


def test_outputs(call, request: dict, facts, problem: str, execution_count: int) -> list[dict]:
    """A judged test cell's outputs: the report on stdout, then the score as the cell's result."""
    points = points_of(call)
    if facts is None:
        findings = [failed("ran", 1.0, f"This test could not run: {problem}.")]
    else:
        findings = judge_facts(call, facts, request)
    earned = score(findings, points)
    return [
        {"output_type": "stream", "name": "stdout", "text": format_report(call.name, findings, points, earned) + "\n"},
        *network_outputs(call, facts, request, findings),
        {"output_type": "execute_result", "execution_count": execution_count, "metadata": {},
         "data": {"text/plain": repr(earned)}},
    ]
