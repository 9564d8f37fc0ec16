"""Release check: every place that states a task's points agrees with course_config.ASSIGNMENTS.

    python -m autograder.pipeline.points_agreement      # what `make release` runs first

`course_config.ASSIGNMENTS[<id>]["points"]` is the one source of truth. A
task's points are also written, for nbgrader and for students, in the source
notebook: the grade cell's nbgrader metadata (what nbgrader records), the
hidden call's `points=` (what the check scores out of), the "(6 points)" of the
test cell's docstring and of the heading above the task. When they disagree a
full-marks student loses points or the notebook aborts, so the release stops and
names each place: file, cell, value found, value expected.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from traitlets import Dict
from traitlets.config import Configurable

from ..judging.hidden_call import is_check_cell, parse_hidden_call
from ..shared.errors import SpecError
from ..shared.points_text import points_text

# "(6 points)", "(1.5 points, graded by a TA)", "(1 point)"
POINTS_TEXT = re.compile(r"\((\d+(?:\.\d+)?) points?\b")


@dataclass(frozen=True)
class Disagreement:
    file: str
    cell: str
    text: str  # what was found there and what was expected

    def __str__(self) -> str:
        return f"{self.file}, cell '{self.cell}', {self.text}"


def _differs(file: str, cell: str, place: str, found, expected) -> Disagreement:
    return Disagreement(file, cell, f"{place}: found {points_text(found)}, expected {points_text(expected)}")


def _same(a, b) -> bool:
    return (isinstance(a, (int, float)) and not isinstance(a, bool)
            and isinstance(b, (int, float)) and float(a) == float(b))


def _heading_points(source: str) -> float | None:
    """The "(N points)" of the cell's heading lines (lines starting with '#'), if any."""
    for line in source.splitlines():
        match = POINTS_TEXT.search(line) if line.lstrip().startswith("#") else None
        if match:
            return float(match.group(1))
    return None


def _docstring_points(source: str) -> float | None:
    """The "(N points)" of the test cell's first line (its one-line docstring), if any."""
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    match = POINTS_TEXT.search(first) if first.startswith(('"""', "'''", '"', "'")) else None
    return float(match.group(1)) if match else None


def notebook_disagreements(path: Path, shown: str, expected: dict, config_place: str) -> list[Disagreement]:
    """Every place in one source notebook whose points differ from `expected` ({grade_id: points})."""
    notebook = nbformat.read(path, as_version=4)
    found: list[Disagreement] = []
    seen: set[str] = set()
    heading = None  # (cell name, points) of the last heading with points not yet matched to a grade cell
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id") or f"cell {index + 1}"
        if not meta.get("grade"):
            points = _heading_points(cell.source) if cell.cell_type == "markdown" else None
            if points is not None:
                heading = (name, points)
            continue
        seen.add(name)
        if name not in expected:
            found.append(Disagreement(shown, name, f"grade cell worth {points_text(meta.get('points'))} points: "
                                                   f"found no entry '{name}' in {config_place}, expected one"))
            heading = None
            continue
        want = expected[name]
        if not _same(meta.get("points"), want):
            found.append(_differs(shown, name, "nbgrader metadata points", meta.get("points"), want))
        if heading is not None and not _same(heading[1], want):
            found.append(_differs(shown, heading[0], f"heading of '{name}'", heading[1], want))
        heading = None
        if cell.cell_type != "code" or meta.get("solution"):
            continue
        stated = _docstring_points(cell.source)
        if stated is not None and not _same(stated, want):
            found.append(_differs(shown, name, "docstring", stated, want))
        if is_check_cell(cell.source):
            call = parse_hidden_call(cell.source)
            if not _same(call.arguments.get("points"), want):
                found.append(_differs(shown, name, f"{call.check}(..., points=)", call.arguments.get("points"), want))
        elif "HIDDEN TESTS" in cell.source:
            try:
                parse_hidden_call(cell.source, where="found")
            except SpecError as error:
                found.append(Disagreement(shown, name, f"hidden call: {error}; expected one with "
                                                       f"points={points_text(want)}"))
    for name in expected:
        if name not in seen:
            found.append(Disagreement(shown, name, f"grade cell: found none with this grade_id, expected one worth "
                                                   f"{points_text(expected[name])} points ({config_place})"))
    return found


class PointsAgreement(Configurable):
    """The course's points, as course_config.configure hands them to nbgrader's config."""

    assignments = Dict(help="{assignment: {'notebook': file name, 'points': {grade_id: points}}}, "
                            "from course_config.ASSIGNMENTS").tag(config=True)


def course_disagreements(root: Path, assignments: dict) -> list[Disagreement]:
    """Disagreements of every assignment ({id: {"notebook", "points"}}) with its source notebook under `root`."""
    found = []
    for assignment, spec in assignments.items():
        relative = Path("source") / assignment / spec["notebook"]
        place = f"course_config.ASSIGNMENTS['{assignment}']['points']"
        if not (Path(root) / relative).is_file():
            found.append(Disagreement(str(relative), "-", f"notebook: found none, expected one ({place})"))
            continue
        found += notebook_disagreements(Path(root) / relative, str(relative), spec["points"], place)
    return found


def main() -> int:
    from .course_assignment import course_directory

    coursedir = course_directory()  # nbgrader's config from the course root, the current directory
    found = course_disagreements(Path(coursedir.root), PointsAgreement(config=coursedir.config).assignments)
    if not found:
        return 0
    print(f"make release: {len(found)} place(s) disagree with course_config.ASSIGNMENTS, the one place for "
          f"points; nothing was released. Make each of them say what course_config.py says:", file=sys.stderr)
    for disagreement in found:
        print(f"  {disagreement}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
