"""StableCellIds: the same source notebook always releases with the same cell ids."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.pipeline.stable_cell_ids import StableCellIds


def grade_cell(source, grade_id):
    return new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id, "grade": True, "points": 2}})


def test_grade_cells_are_named_by_grade_id_and_other_cells_by_position():
    notebook = new_notebook(cells=[new_markdown_cell("# Task"), grade_cell("check()", "model_tests"), new_code_cell("x = 1")])
    notebook, _ = StableCellIds()(notebook, {})
    assert [cell.id for cell in notebook.cells] == ["cell-0", "model_tests", "cell-2"]
    nbformat.validate(notebook)


def test_notebooks_without_cell_ids_stay_without():
    cell = new_markdown_cell("# Task")
    del cell["id"]
    notebook = new_notebook(cells=[cell], nbformat_minor=4)
    notebook, _ = StableCellIds()(notebook, {})
    assert "id" not in notebook.cells[0]
