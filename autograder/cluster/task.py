"""The task a Dask worker runs for one submission: its steps in a fresh kernel of the worker's pool.

Worker side: it drives a sandboxed kernel and returns plain results (the
kernel's CellResult and FactsResult as dicts); it judges nothing. The
submission's files arrive with the task and live only while its kernel runs,
in a folder inside the worker pool's own temporary folder: a worker killed
mid-task leaves them there, and the next pool opened on that machine removes
the folders of pools whose process is gone (sandbox/temp_folders.py).
"""

from __future__ import annotations

import dataclasses
import shutil

from ..sandbox.results import USABLE
from .files import unpack_folder
from .worker_pool import worker_pool


def run_steps(plugin: str, steps: list[dict], packed_folder: list) -> dict:
    """{"mode", "results": one dict per step run, "worker": this worker's address}; stops where the kernel did."""
    pool, address = worker_pool(plugin)
    results = []
    folder = pool.new_folder("submission-")
    try:
        unpack_folder(packed_folder, folder)
        with pool.kernel(files_dir=folder) as kernel:
            for step in steps:
                result = kernel.run_cell(step["run"]) if "run" in step else kernel.collect(step["collect"])
                results.append(dataclasses.asdict(result))
                if result.status not in USABLE:  # grade_cells asks nothing more of a kernel that stopped
                    break
            mode = kernel.mode
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"mode": mode, "results": results, "worker": address}
