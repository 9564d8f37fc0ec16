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


@pytest.mark.parametrize("cores", [[0], [0, 1]])
def test_kernels_and_their_memory_follow_the_cores_and_memory_of_the_machine(cores):
    """Read with 1 or 2 cores allowed: one kernel per core, the kernels sharing half the memory (256 MiB steps)."""
    import os
    import subprocess
    import sys

    if not set(cores) <= os.sched_getaffinity(0):
        pytest.skip(f"this machine has no cores {cores}")
    code = (f"import os, sys; os.sched_setaffinity(0, {set(cores)!r}); sys.path.insert(0, {str(REPO)!r})\n"
            "import course_config as c; print(c.PARALLEL_KERNELS, c.SANDBOX_LIMITS['memory_bytes'])")
    kernels, memory = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                              check=True).stdout.split())
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert kernels == len(cores)
    assert memory == max(2**30, total // 2 // len(cores) // 2**28 * 2**28)
    assert memory * kernels <= total // 2
