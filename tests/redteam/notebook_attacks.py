"""Hostile notebook files (item 11 of the red-team list), built from release/ like the sample submissions.

Each attack is a student named after it: a function that takes the submission a student would hand in
(the release notebook with cara's 02 answers: `model` with a softmax output, 5.67 of 6, and `diagram_model`
missing its third hidden layer, 4.5 of 6) and returns the bytes actually handed in. `place(course)` writes
them all to `submitted/<student>/02_sequential_model/`; `place_links(course)` adds a folder whose notebook
and extra file are symbolic links into the course (source/ and the gradebook).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat
from sample_submissions import SAMPLES, build_submission, read_answers

REPO = Path(__file__).resolve().parents[2]

ASSIGNMENT = "02_sequential_model"
NOTEBOOK = "sequential_model.ipynb"
HONEST = SAMPLES / ASSIGNMENT / "cara.py"  # model 5.67 of 6, diagram_model 4.5 of 6

# Added to the diagram cell by `unflags_test_cell`: prints every cell source the kernel has run (In) and
# what an input transformer registered in the model cell saw, so a hidden test run in this kernel would show.
_RECORD = """
from IPython import get_ipython

seen_sources = []
get_ipython().input_transformers_post.append(lambda lines: seen_sources.append("".join(lines)) or lines)
"""
_PRINT = """
print("\\n".join(str(source) for source in In))
print("\\n".join(seen_sources))
"""


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _index(notebook, grade_id: str) -> int:
    return next(i for i, cell in enumerate(notebook.cells) if _grade_id(cell) == grade_id)


def _dump(notebook) -> bytes:
    return nbformat.writes(notebook).encode("utf-8")


def not_json(notebook) -> bytes:
    """Bytes that are no notebook at all (nor JSON). Expected: no score at all (None: nbgrader cannot read it)."""
    return b"\x89PNG\r\n\x1a\n{\"cells\": [ this is not a notebook"


def deletes_test_cells(notebook) -> bytes:
    """The test cell of `model` deleted (its answer stays). Expected: model 5.67 and diagram 4.5: the grader
    puts missing test cells back from the gradebook (nbgrader's OverwriteCells.add_missing_cells) and says so
    in the feedback; a deleted check must neither be skipped silently nor cost the answer its points."""
    del notebook.cells[_index(notebook, "model_tests")]
    return _dump(notebook)


def reorders_cells(notebook) -> bytes:
    """The test cell of `model` moved above its answer cell; expected: model 0 (not defined yet), diagram 4.5."""
    test = notebook.cells.pop(_index(notebook, "model_tests"))
    notebook.cells.insert(_index(notebook, "model_answer"), test)
    return _dump(notebook)


def edits_grade_cells(notebook) -> bytes:
    """Test cells rewritten (a bare 6.0; a check that matches the student's own wrong model) and the locked
    setup cell too; nbgrader puts the instructor's sources back. Expected: model 5.67, diagram 4.5."""
    notebook.cells[_index(notebook, "model_tests")].source = "6.0"
    notebook.cells[_index(notebook, "diagram_model_tests")].source = (
        'from autograder import check_model\n'
        'check_model("diagram_model", input_shape=(6,), layers=[(10, "relu"), (8, "relu"), (3, "softmax")], points=6)')
    notebook.cells[_index(notebook, "setup")].source += "\nimport builtins\nbuiltins.round = lambda *a: 6.0\n"
    return _dump(notebook)


def changes_points(notebook) -> bytes:
    """Points metadata changed (600 for model, 0.5 for diagram_model, 200 for the free text); the gradebook's
    points stand. Expected: model 5.67, diagram 4.5."""
    notebook.cells[_index(notebook, "model_tests")].metadata.nbgrader["points"] = 600
    notebook.cells[_index(notebook, "diagram_model_tests")].metadata.nbgrader["points"] = 0.5
    notebook.cells[_index(notebook, "sequential_free_text")].metadata.nbgrader["points"] = 200
    return _dump(notebook)


def changes_kernelspec(notebook) -> bytes:
    """Another kernel asked for (bash); the grader runs Python regardless. Expected: model 5.67, diagram 4.5."""
    notebook.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    notebook.metadata["language_info"] = {"name": "bash"}
    return _dump(notebook)


def nbformat_v3(notebook) -> bytes:
    """The same notebook converted to nbformat 3 (worksheets, no cell ids). Expected: model 5.67, diagram 4.5."""
    old = nbformat.convert(copy.deepcopy(notebook), 3)
    return json.dumps(old, indent=1).encode("utf-8")


def unflags_test_cell(notebook) -> bytes:
    """`grade` switched off on the test cell of `model` (locked, so nbgrader restores its source, hidden
    tests included, but not the flag), with cells that print every source the kernel runs, so the hidden test
    would show if it ran as an ordinary cell. Expected: no score (None): nbgrader refuses the notebook (the
    cell's checksum covers its flags), and no hidden test in any output or feedback."""
    notebook.cells[_index(notebook, "model_tests")].metadata.nbgrader["grade"] = False
    model = notebook.cells[_index(notebook, "model_answer")]
    model.source = _RECORD + "\n" + model.source
    notebook.cells[_index(notebook, "diagram_model_answer")].source += "\n" + _PRINT
    return _dump(notebook)


ATTACKS = {attack.__name__: attack for attack in (
    not_json, deletes_test_cells, reorders_cells, edits_grade_cells, changes_points, changes_kernelspec,
    nbformat_v3, unflags_test_cell)}

LINKS = "links_to_course_files"  # the student whose folder holds symbolic links into the course


def honest_notebook(course: Path):
    return build_submission(course / "release" / ASSIGNMENT / NOTEBOOK, read_answers(HONEST))


def place(course: Path) -> list[str]:
    """Write every attack's notebook to submitted/<attack>/02_sequential_model/; the students."""
    for student, attack in ATTACKS.items():
        target = course / "submitted" / student / ASSIGNMENT / NOTEBOOK
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(attack(honest_notebook(course)))
    return list(ATTACKS)


def place_links(course: Path) -> str:
    """A submission folder whose notebook links to the instructor's source notebook (solutions, hidden tests)
    and whose extra files link to it and to the gradebook. Expected: no score (None, like a notebook that
    cannot be read: a link out of the student's folder is not their work), and none of those bytes in the
    student's autograded or feedback folders."""
    folder = course / "submitted" / LINKS / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    source = course / "source" / ASSIGNMENT / NOTEBOOK
    os.symlink(source, folder / NOTEBOOK)
    os.symlink(source, folder / "notes.txt")
    os.symlink(course / "gradebook.db", folder / "grades.db")
    return LINKS
