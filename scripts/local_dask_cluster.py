"""A Dask scheduler and workers on 127.0.0.1, from this project's .venv, for tests and `make bench CLUSTER=1`.

    with LocalDaskCluster(Path(tmp), workers=2, nthreads=1) as cluster:
        env = dict(os.environ, DASK_SCHEDULER=cluster.address)    # then run `make autograde` with it

Each process is `dask scheduler` / `dask worker` as an instructor starts them
(README.md), on free ports, in its own session, working in `folder` (not the
course: the notebooks travel with the tasks). `kill_worker` ends one worker
with SIGKILL, as a machine that fails; leaving the block stops everything,
even on failure, and removes the temporary folders its workers left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 60


class LocalDaskCluster:
    def __init__(self, folder: Path, workers: int = 2, nthreads: int = 1):
        self.folder = Path(folder)
        self.n_workers = workers
        self.nthreads = nthreads
        self.address = ""
        self.scheduler: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}  # name -> its `dask worker` (nanny) process

    def __enter__(self) -> LocalDaskCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        scheduler_file = self.folder / "scheduler.json"
        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0",
                                                   "--dashboard-address", "127.0.0.1:0",
                                                   "--scheduler-file", str(scheduler_file)])
        deadline = time.monotonic() + START_SECONDS
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            self._check(self.scheduler, "scheduler", deadline)
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        for number in range(1, self.n_workers + 1):
            self.start_worker(f"w{number}")
        self.wait_for_workers(self.n_workers, deadline)

    def start_worker(self, name: str) -> None:
        self.workers[name] = self._start(name, [
            "worker", self.address, "--name", name, "--nthreads", str(self.nthreads), "--nworkers", "1",
            "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0",
            "--local-directory", str(self.folder / name)])

    def wait_for_workers(self, count: int, deadline: float) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=max(1.0, deadline - time.monotonic()))

    def worker_addresses(self) -> dict[str, str]:
        """{worker name: its address} as the scheduler knows them now."""
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            return {info["name"]: address for address, info in client.scheduler_info(n_workers=-1)["workers"].items()}

    def kill_worker(self, name: str) -> None:
        """SIGKILL the worker's nanny, worker process and sandbox pool at once (its whole session)."""
        _kill_session(self.workers[name].pid, signal.SIGKILL)
        self.workers[name].wait(30)

    def stop(self) -> None:
        """SIGTERM to each `dask` process (a worker then closes its pool); SIGKILL to what is left after 20 s.

        Then the temporary folders of pools whose worker was killed (kill_worker, or no clean close) are removed.
        """
        from autograder.sandbox import temp_folders

        processes = [*self.workers.values(), *([self.scheduler] if self.scheduler else [])]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 20
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _kill_session(process.pid, signal.SIGKILL)  # what is left of its session
            process.wait()
        temp_folders.remove_stale()

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        # The scheduler's scratch folder too (dask-scratch-space) in `folder`, not in the machine's /tmp.
        env = dict(os.environ, PATH=f"{DASK.parent}{os.pathsep}{os.environ['PATH']}",
                   DASK_TEMPORARY_DIRECTORY=str(self.folder))
        env.pop("DASK_SCHEDULER", None)
        with open(self.folder / f"{name}.log", "w") as log:
            return subprocess.Popen([str(DASK), *args], cwd=self.folder, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def _check(self, process: subprocess.Popen, name: str, deadline: float) -> None:
        if process.poll() is not None:
            raise RuntimeError(f"dask {name} exited with {process.returncode}:\n{self.log(name)[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"dask {name} did not start in {START_SECONDS} s:\n{self.log(name)[-3000:]}")


def _kill_session(session: int, number: int) -> None:
    try:
        os.killpg(session, number)
    except ProcessLookupError:
        pass
