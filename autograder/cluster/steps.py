"""What a submission's kernel will be asked, in order: the code cells to run, the facts each test cell needs.

    kernel_steps(cells) == [{"cell": 1, "run": "import keras ..."},
                            {"cell": 3, "collect": {"check": "check_model", "seed": 797535257, ...}}, ...]

Built in the grading process from the sanitized cells (a test cell's source is
the gradebook's), in the order `grade_cells` asks its kernel: a worker gets
code to run and plain facts requests, never a hidden test's call. A request
holds a random probe seed, so the judging replays with these very requests.
"""

from __future__ import annotations

from ..judging.checks import facts_request
from ..judging.hidden_call import parse_hidden_call
from ..pipeline.grade_cells import is_test_cell


def kernel_steps(cells: list) -> list[dict]:
    """{"cell": index, "run": source} for each ordinary code cell, {"cell": index, "collect": facts request}
    for each test cell."""
    steps = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        if is_test_cell(cell):
            grade_id = cell["metadata"]["nbgrader"]["grade_id"]
            call = parse_hidden_call(cell["source"], where=f"test cell {grade_id!r}")
            steps.append({"cell": index, "collect": facts_request(call)})
        else:
            steps.append({"cell": index, "run": cell["source"]})
    return steps
