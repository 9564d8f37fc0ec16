"""The task a Dask worker runs for one submission: its steps in a fresh kernel of the worker's pool.

Worker side: it drives a sandboxed kernel and returns plain results (the
kernel's CellResult and FactsResult as dicts); it judges nothing. The
submission's files arrive with the task and live in a temporary folder only
while its kernel runs.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from ..sandbox.results import USABLE
from .files import unpack_folder
from .worker_pool import worker_pool


def run_steps(plugin: str, steps: list[dict], packed_folder: list) -> dict:
    """{"mode", "results": one dict per step run, "worker": this worker's address}; stops where the kernel did."""
    pool, address = worker_pool(plugin)
    results = []
    with tempfile.TemporaryDirectory(prefix="autograde-submission-") as folder:
        unpack_folder(packed_folder, Path(folder))
        with pool.kernel(files_dir=folder) as kernel:
            for step in steps:
                result = kernel.run_cell(step["run"]) if "run" in step else kernel.collect(step["collect"])
                results.append(dataclasses.asdict(result))
                if result.status not in USABLE:  # grade_cells asks nothing more of a kernel that stopped
                    break
            mode = kernel.mode
    return {"mode": mode, "results": results, "worker": address}
