"""`make new-assignment ID=04_optimizers`: a skeleton assignment that releases and validates.

Writes source/<ID>/<name>.ipynb (name: the ID without its number, e.g.
optimizers.ipynb) with the course's usual cells: title, how grading works,
setup, one task (answer cell + test cell with a visible and a hidden check)
and one written question, and registers it, with its points, in
course_config.ASSIGNMENTS. AUTHORING.md explains every cell; replace the
example task with yours, keeping the points in agreement (`make release` checks).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
ID_PATTERN = re.compile(r"^\d{2}_[a-z][a-z0-9_]*$")

GRADING_INFO = """\
## How grading works

- Write your answers only in the cells that say `# YOUR CODE HERE` (code) or `YOUR ANSWER HERE`
  (written answers), and keep the names each task asks for: the grader looks them up by name.
- Below each answer there is a test cell. Its **visible checks** look at the *form* of your answer
  (the name exists and is a function / a dict with the right keys / a Keras model). Run it after
  your answer; if it fails, it tells you why.
- **Hidden tests** run after you submit. They check your answer on inputs you have not seen.
- Partial credit: each hidden check earns part of the task's points.
- Written answers are graded by a TA.
- Before you submit: *Kernel → Restart Kernel and Run All Cells*, and check that no cell stops with an error."""

SETUP = """\
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow start-up messages

import numpy as np
import keras
from keras import layers
from keras.models import Sequential
from keras.layers import Dense

print("Keras", keras.__version__, "with the", keras.backend.backend(), "backend")"""


def meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    """nbgrader's cell metadata (schema 3): what kind of cell this is for nbgrader."""
    nbgrader = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                "solution": solution, "task": False}
    if points is not None:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def skeleton(assignment: str, name: str) -> tuple[nbformat.NotebookNode, dict[str, float]]:
    """The notebook and its {grade_id: points}."""
    number, title = assignment.split("_", 1)
    points = {"count_params_tests": 2, f"{name}_free_text": 1}
    cells = [
        new_markdown_cell(f"# {number} · {title.replace('_', ' ').capitalize()}\n\n"
                          "In this assignment you will learn:\n\n- (what this assignment teaches)",
                          metadata=meta("title")),
        new_markdown_cell(GRADING_INFO, metadata=meta("grading_info")),
        new_markdown_cell("## Setup\n\nRun this cell first.", metadata=meta("setup_intro")),
        new_code_cell(SETUP, metadata=meta("setup")),
        new_markdown_cell("### Task 1 — `count_params` (2 points)\n\n"
                          "Write `count_params(n_inputs, units)` that returns, as an `int`, the number of parameters "
                          "(kernel and bias) of a `Dense(units)` layer fed `n_inputs` numbers per sample.",
                          metadata=meta("count_params_task")),
        new_code_cell('def count_params(n_inputs, units):\n'
                      '    """Number of parameters of Dense(units) fed n_inputs numbers per sample."""\n'
                      '    ### BEGIN SOLUTION\n'
                      '    return int(n_inputs * units + units)\n'
                      '    ### END SOLUTION',
                      metadata=meta("count_params_answer", solution=True, locked=False)),
        new_code_cell('"""Check `count_params`: kernel plus bias size (2 points)."""\n'
                      'from autograder import expect_callable, check_returns\n\n'
                      'expect_callable("count_params", (2, 3))\n'
                      '### BEGIN HIDDEN TESTS\n'
                      'check_returns(\n'
                      '    "count_params",\n'
                      '    cases=[((3, 5), {}, 20), ((10, 1), {}, 11), ((784, 128), {}, 100480)],\n'
                      '    points=2,\n'
                      '    what="the number of parameters of that Dense layer",\n'
                      ')\n'
                      '### END HIDDEN TESTS',
                      metadata=meta("count_params_tests", grade=True, points=points["count_params_tests"])),
        new_markdown_cell("### Question (1 point, graded by a TA)\n\n"
                          "(Your question.) Write your answer in the cell below.",
                          metadata=meta(f"{name}_free_text_question")),
        new_markdown_cell("*Model answer (for TAs):* (what a full-marks answer says.)",
                          metadata=meta(f"{name}_free_text", grade=True, solution=True, locked=False,
                                        points=points[f"{name}_free_text"])),
    ]
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    return notebook, points


def register(config: Path, assignment: str, notebook_name: str, points: dict[str, float]) -> None:
    """Add the assignment as the last entry of course_config.ASSIGNMENTS (the file's text, comments kept)."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("ASSIGNMENTS = {"))
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip() == "}")
    entry = [f'    "{assignment}": {{\n', f'        "notebook": "{notebook_name}",\n', '        "points": {\n',
             *[f'            "{grade_id}": {value:g},\n' for grade_id, value in points.items()],
             '        },\n', '    },\n']
    config.write_text("".join(lines[:end] + entry + lines[end:]), encoding="utf-8")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    import course_config

    if len(argv) != 1 or not ID_PATTERN.match(argv[0]):
        print(f"make new-assignment: ID must be a two-digit number, '_' and a lower-case name "
              f"(e.g. ID=04_optimizers), not {' '.join(argv) or 'nothing'!r}", file=sys.stderr)
        return 2
    assignment = argv[0]
    name = assignment.split("_", 1)[1]
    folder = ROOT / "source" / assignment
    if assignment in course_config.ASSIGNMENTS or folder.exists():
        print(f"make new-assignment: {assignment} exists already (source/{assignment}/ or course_config.py); "
              f"nothing was changed.", file=sys.stderr)
        return 1
    notebook, points = skeleton(assignment, name)
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")
    register(ROOT / "course_config.py", assignment, f"{name}.ipynb", points)
    check = subprocess.run([sys.executable, "-c", f"import course_config; "
                            f"print(course_config.ASSIGNMENTS[{assignment!r}]['points'])"],
                           cwd=ROOT, capture_output=True, text=True)
    if check.returncode != 0:
        print(f"make new-assignment: course_config.py no longer imports after adding {assignment}:\n{check.stderr}",
              file=sys.stderr)
        return 1
    print(f"Created source/{assignment}/{name}.ipynb (an example task and question) and added it to "
          f"course_config.ASSIGNMENTS with points {check.stdout.strip()}.\n"
          f"Next: replace the example task (AUTHORING.md), then `make release` and "
          f"`nbgrader validate source/{assignment}/{name}.ipynb`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
