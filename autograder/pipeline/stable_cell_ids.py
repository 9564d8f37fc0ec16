"""Release preprocessor: give every cell an id that depends on the notebook only.

nbformat invents random cell ids when a 4.5 notebook has cells without one,
so `nbgrader generate_assignment` would write a different release/ each time.
course_config.configure() adds this preprocessor to GenerateAssignment.
"""
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


def stable_cell_id(cell, index):
    """The cell's nbgrader grade_id if it has one, else its position: "cell-<index>"."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell-{index}"


class StableCellIds(Preprocessor):
    """Replace cell ids by stable_cell_id(); notebooks older than 4.5 have no ids and are left alone."""

    enabled = Bool(True, help="On by default, unlike nbconvert's own preprocessors.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if "id" in cell:
            cell.id = stable_cell_id(cell, index)
        return cell, resources
