"""The instructor's mistakes in an assignment's test cells, found before any student is graded.

The batch grader reads each test cell as the gradebook keeps it (what nbgrader will
restore into every submission) and checks what grading would otherwise meet one
notebook at a time: a hidden call the grader cannot read or whose arguments are
malformed, and `points=` that disagree with nbgrader's points for the cell (nbgrader
aborts a notebook whose score exceeds the cell's points, and a lower value caps
full marks). Any of them stops the assignment's batch before a grade, record or
feedback page changes: it is never a student's fault.

    >>> assignment_errors({"model_tests": TestCell("code", "check_model('model', points=6)", 6.0)})
    ["cell 'model_tests': check_model('model', ...) is missing input_shape, layers"]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..judging.checks import facts_request, points_of
from ..judging.hidden_call import parse_hidden_call
from ..shared.errors import SpecError
from ..shared.points_text import points_text


@dataclass(frozen=True)
class TestCell:
    cell_type: str
    source: str  # as the gradebook keeps it
    points: float  # nbgrader's max_score for the cell


def assignment_errors(test_cells: dict[str, TestCell]) -> list[str]:
    """One sentence per mistake, naming the cell ({grade_id: TestCell} of the autograded test cells)."""
    errors = []
    for grade_id, cell in test_cells.items():
        if cell.cell_type != "code":
            continue
        where = f"cell '{grade_id}'"
        try:
            call = parse_hidden_call(cell.source, where=where)
            facts_request(call)
            points = points_of(call)
        except SpecError as error:
            text = str(error)
            errors.append(text if text.startswith(where) else f"{where}: {text}")
            continue
        if abs(points - float(cell.points)) > 1e-9:
            errors.append(f"{where}: {call.check}(..., points={points_text(points)}) but nbgrader's points for the "
                          f"cell are {points_text(cell.points)}; they must agree (course_config.ASSIGNMENTS is the one "
                          f"place for points, `make release` checks it)")
    return errors


