"""course_config.py agrees with the notebooks it describes."""

from __future__ import annotations

import nbformat
import pytest
from conftest import REPO

import course_config


@pytest.mark.parametrize("assignment", list(course_config.ASSIGNMENTS))
def test_points_agree_with_the_source_notebook(assignment):
    spec = course_config.ASSIGNMENTS[assignment]
    notebook = nbformat.read(REPO / "source" / assignment / spec["notebook"], as_version=4)
    points = {cell.metadata.nbgrader["grade_id"]: cell.metadata.nbgrader["points"]
              for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")}
    assert points == spec["points"]


def test_memory_limit_fits_the_machine_for_the_parallel_kernels():
    """All kernels at their limit, plus the forkserver and the grader (~1 GiB each), fit in memory."""
    import psutil

    kernels = course_config.PARALLEL_KERNELS * course_config.SANDBOX_LIMITS["memory_bytes"]
    assert kernels + 2 * 2**30 < psutil.virtual_memory().total
