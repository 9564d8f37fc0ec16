"""An assignment as nbgrader knows it: the course root from its config, the notebook and points from its gradebook.

nbgrader reads nbgrader_config.py from the current directory, the course root; so do the course's own
commands, instead of importing course_config themselves.
"""

from __future__ import annotations

import os
from pathlib import Path


def course_directory():
    """nbgrader's CourseDirectory as the course's nbgrader_config.py (in the current directory) configures it."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    return CourseDirectory(config=PyFileConfigLoader("nbgrader_config.py", path=os.getcwd()).load_config())


def course_assignment(assignment: str) -> tuple[Path, str, float]:
    """(course root, notebook file name, points) of `assignment`; SystemExit saying why when it is not released."""
    from nbgrader.api import Gradebook, MissingEntry

    coursedir = course_directory()
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise SystemExit(f"{assignment} is not an assignment of this course's gradebook ({coursedir.db_url}): "
                             f"release it first (`make release`).") from None
        notebooks = [notebook.name + ".ipynb" for notebook in found.notebooks]
        points = float(found.max_score)
    if len(notebooks) != 1:
        raise SystemExit(f"{assignment} has {len(notebooks)} notebooks; the course's commands expect one")
    return Path(coursedir.root), notebooks[0], points
