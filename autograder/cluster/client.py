"""The grading process's side: connect to the scheduler, install the pools, send submissions, judge results.

    cluster = cluster_from_environment(settings, course_root)    # None without DASK_SCHEDULER
    future = cluster.submit(cells, Path("submitted/ada/02_sequential_model"))
    future.result()                                               # GradedCells, judged in this process

Each task carries the notebook's steps and the folder's bytes; Dask schedules
it on a free worker thread, and reschedules it elsewhere if its worker dies
(each submission's future resolves once, so nbgrader records it once).
"""

from __future__ import annotations

import collections
import os
import threading
import time
import uuid
from concurrent.futures import Future
from pathlib import Path

from .files import pack_folder
from .replay import graded_cells
from .steps import kernel_steps
from .worker_pool import PREFIX, SandboxPoolPlugin

# How long to try to reach the scheduler, and to wait for its first worker.
CONNECT_SECONDS = 10
# How long a batch waits for a worker while the cluster has none (all died), before it gives up on the
# submissions still out (they are not recorded; the next `make autograde` grades them).
NO_WORKER_SECONDS = float(os.environ.get("DASK_NO_WORKER_SECONDS", "120"))


class SchedulerUnreachable(Exception):
    """The scheduler cannot be reached, or has no workers; the message is one sentence for the instructor."""

    def __init__(self, address: str, why: str):
        self.address, self.why = address, why
        super().__init__(f"The Dask scheduler at {address}: {why}; unset DASK_SCHEDULER to grade on this machine, "
                         f"or set DASK_FALLBACK=local")


def cluster_from_environment(settings: dict, course_root: Path) -> ClusterKernels | None:
    """The cluster DASK_SCHEDULER names, None when unset, or when unreachable and DASK_FALLBACK=local."""
    address = os.environ.get("DASK_SCHEDULER", "").strip()
    if not address:
        return None
    try:
        return ClusterKernels(address, settings, course_root)
    except SchedulerUnreachable as error:
        if os.environ.get("DASK_FALLBACK", "").strip() != "local":
            raise
        print(f"The Dask scheduler at {address}: {error.why}; grading on this machine, as DASK_FALLBACK=local asks.")
        return None


class NoWorker(Exception):
    """The cluster lost every worker while submissions were still out."""


class ClusterKernels:
    """Where submissions run when a Dask cluster grades: its workers' sandbox pools."""

    def __init__(self, address: str, settings: dict, course_root: Path):
        from distributed import Client

        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise SchedulerUnreachable(address, f"cannot be reached ({_why(error)})") from None
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            self.plugin = self._install(SandboxPoolPlugin(settings, str(course_root)))
        except (OSError, TimeoutError) as error:
            self.client.close()
            raise SchedulerUnreachable(address, f"has no worker ({_why(error)})") from None
        self.modes: set[str] = set()
        self.graded_by: collections.Counter = collections.Counter()
        self._remote: list = []
        self._pending: set[Future] = set()
        self.gave_up: list[tuple[int, str]] = []  # (submissions given up on, why), each time
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._watch = threading.Thread(target=self._watch_workers, name="dask-no-worker-watch", daemon=True)
        self._watch.start()

    def __enter__(self) -> ClusterKernels:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def mode(self) -> str:
        """The workers' sandbox modes seen so far, e.g. "namespaces"."""
        return "/".join(sorted(self.modes)) or "unknown"

    def submit(self, cells: list, folder: Path) -> Future:
        """A Future of the submission's GradedCells: run on a worker, judged here."""
        done: Future = Future()
        done.set_running_or_notify_cancel()  # as a thread pool's running task: the batch waits for it, never cancels
        try:
            steps, packed = kernel_steps(cells), pack_folder(Path(folder))
        except Exception as error:  # noqa: BLE001 - the instructor's broken test cell, or an unreadable file
            done.set_exception(error)
            return done
        from .task import run_steps

        remote = self.client.submit(run_steps, self.plugin.name, steps, packed, pure=False,
                                    key=f"autograde-{Path(folder).parent.name}-{uuid.uuid4().hex}")
        with self._lock:
            self._remote.append(remote)
            self._pending.add(done)
        remote.add_done_callback(lambda finished: self._judge(finished, cells, steps, done))
        return done

    def prepared_runs(self):
        """A PreparedRuns whose runs go to this cluster (runs.ClusterRuns)."""
        from .runs import ClusterRuns

        return ClusterRuns(self)

    def summary(self) -> str:
        """Which workers graded how many submissions."""
        counts = ", ".join(f"{count} on {worker}" for worker, count in sorted(self.graded_by.items()))
        gave_up = "".join(f"; gave up on {count}: {why}" for count, why in self.gave_up)
        return f"graded on the Dask cluster at {self.address}: {counts or 'none'}{gave_up}"

    def close(self) -> None:
        self._closing.set()
        self._watch.join()
        with self._lock:
            remote, self._remote = self._remote, []
        if remote:
            self.client.cancel(remote)
        self.client.close()

    def _judge(self, finished, cells: list, steps: list[dict], done: Future) -> None:
        """Judge a finished run; `done` stays pending (for _give_up) until its transcript is here.

        A worker that dies after it finished a run, before the transcript reached this process, makes
        Dask compute the run again: `result()` waits for that, and with no worker left it waits until
        _give_up (or close()) ends it.
        """
        with self._lock:
            if done not in self._pending:  # given up on already (no worker)
                return
        graded = error = transcript = None
        try:
            transcript = finished.result()
            graded = graded_cells(cells, steps, transcript)
        except BaseException as failure:  # noqa: BLE001 - the submission's failure, reported by the batch
            error = failure
        with self._lock:
            if done not in self._pending:  # given up on while the transcript was on its way
                return
            self._pending.discard(done)
            if error is None:
                self.modes.add(transcript["mode"])
                self.graded_by[transcript["worker"]] += 1
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(graded)

    def _watch_workers(self) -> None:
        """Give up on the submissions still out once the cluster has had no worker for NO_WORKER_SECONDS."""
        alone_since = None
        while not self._closing.wait(1.0):
            try:
                workers = len(self.client.nthreads())
            except Exception:  # noqa: BLE001 - the scheduler is gone too: no worker either
                workers = 0
            if workers:
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since >= NO_WORKER_SECONDS:
                self._give_up(f"the Dask cluster at {self.address} has had no worker for {NO_WORKER_SECONDS:g} s")
                alone_since = None

    def _give_up(self, why: str) -> None:
        with self._lock:
            pending, self._pending = self._pending, set()
            if pending:
                self.gave_up.append((len(pending), why))
        for done in pending:
            done.set_exception(NoWorker(why))

    def _install(self, plugin: SandboxPoolPlugin) -> SandboxPoolPlugin:
        """Register the pool plugin unless every worker has it already; replace a pool of other settings."""
        installed = self.client.run_on_scheduler(_worker_plugin_names)
        if plugin.name not in installed:
            for stale in (name for name in installed if name.startswith(PREFIX)):
                self.client.unregister_worker_plugin(stale)
            self.client.register_plugin(plugin)
        return plugin


def _worker_plugin_names(dask_scheduler=None) -> list[str]:
    return list(dask_scheduler.worker_plugins)


def _why(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
