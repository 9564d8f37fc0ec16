"""One warm SandboxPool per Dask worker, installed by the grading process as a WorkerPlugin.

    client.register_plugin(SandboxPoolPlugin(settings, course_root))   # every worker, also those joining later

The pool has one kernel slot per worker thread, so a worker never runs more
kernels than it has threads, whatever the batch's size: its memory is bounded
by its pool. The settings (limits, hidden paths, grading environment) are the
grading course's; each worker also hides its own checkout's copies of the
course's hidden folders (it holds the same solutions and hidden tests).
The pool opens in a thread (the forkserver imports TensorFlow, ~3 s), so the
worker keeps answering its scheduler meanwhile; the first task waits for it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import Future
from pathlib import Path

import dask
from distributed import WorkerPlugin, get_worker

PREFIX = "autograder-sandbox-pool-"
# The checkout this worker imports the autograder package from.
CHECKOUT = Path(__file__).resolve().parents[2]


class SandboxPoolPlugin(WorkerPlugin):
    def __init__(self, settings: dict, course_root: str):
        self.settings = settings  # SandboxPool keyword arguments but size: limits, hidden_paths, env
        self.course_root = course_root
        self.name = PREFIX + hashlib.sha256(repr((sorted(settings.items()), course_root)).encode()).hexdigest()[:16]

    def setup(self, worker) -> None:
        self._pool: Future = Future()
        threading.Thread(target=self._open, args=(worker.state.nthreads,), name=self.name, daemon=True).start()

    def teardown(self, worker) -> None:
        if self._pool.done() and self._pool.exception() is None:
            self._pool.result().close()

    def pool(self):
        """The open pool (waits while it opens); the exception that stopped it opening, raised here."""
        return self._pool.result()

    def _open(self, size: int) -> None:
        from ..sandbox import SandboxPool

        # Dask's nanny tunes its worker process with these (one OpenMP/BLAS thread, eager malloc trimming);
        # the forkserver, and so every kernel, would inherit them: kernels run as on the grading machine instead.
        for name in dask.config.get("distributed.nanny.pre-spawn-environ", {}):
            os.environ.pop(name, None)
        try:
            pool = SandboxPool(size=size, **{**self.settings, "hidden_paths": self.hidden_paths()})
            self._pool.set_result(pool.open())
        except BaseException as error:  # noqa: BLE001 - every task of this worker raises it
            self._pool.set_exception(error)

    def hidden_paths(self) -> list[str]:
        """The course's hidden paths, and the same folders in this worker's checkout."""
        hidden = [Path(path) for path in self.settings["hidden_paths"]]
        root = Path(self.course_root)
        mine = [CHECKOUT / path.relative_to(root) for path in hidden if path.is_relative_to(root)]
        return [str(path) for path in dict.fromkeys(hidden + mine)]


def worker_pool(name: str):
    """(this worker's pool, this worker's address); for tasks running on a worker."""
    worker = get_worker()
    plugin = worker.plugins.get(name)
    if plugin is None:
        raise RuntimeError(f"the Dask worker {worker.address} has no sandbox pool {name}: "
                           f"the grading process did not install it here")
    return plugin.pool(), worker.address
