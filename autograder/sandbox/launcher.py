"""Fork kernels from a pre-warmed forkserver (multiprocessing's stdlib zygote).

The forkserver imports the preload modules (TensorFlow, Keras, the facts
collector) once; each kernel is a fresh fork of it, ready in milliseconds.
The server is one per grader process (multiprocessing keeps it global), so
pools that are open at the same time must ask for the same preload list;
the last pool to close stops it.

Kernels are launched without multiprocessing's usual "prepare" data, so a
child never re-imports the grader's __main__ script (nbgrader's console
script, scripts/demo.py): it gets sys.path and the job object only.
Only the parent pickles (parent -> child); nothing is unpickled from a child.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from multiprocessing import forkserver, popen_forkserver, process, util
from multiprocessing.context import reduction, set_spawning_popen

from . import temp_folders
from .errors import SandboxError
from .forkserver_setup import FORKSERVER_MARKER

# Imported before the caller's preload: the subreaper set-up first, then the kernel's own code;
# and after it: the freeze and the quick exit (forkserver_ready.py).
SETUP_MODULES = ("autograder.sandbox.forkserver_setup", "autograder.sandbox.kernel_process")
LAST_MODULES = ("autograder.sandbox.forkserver_ready",)

_lock = threading.Lock()
_users = 0
_preload: list[str] | None = None
_temp_folder = None  # multiprocessing's temporary folder, ours while the forkserver runs


def start_forkserver(preload: tuple[str, ...], env: dict[str, str]) -> None:
    """Start (or share) the forkserver; its environment gets `env` before it imports anything."""
    global _users, _preload, _temp_folder
    modules = list(dict.fromkeys(SETUP_MODULES + tuple(preload) + LAST_MODULES))
    with _lock:
        if _users and modules != _preload:
            raise SandboxError(f"the forkserver already runs with preload {_preload}; "
                               f"a pool asked for {modules}: close the other pool first")
        if not _users:
            if forkserver._forkserver._forkserver_pid is not None:
                raise SandboxError("a multiprocessing forkserver was started outside SandboxPool in this "
                                   "process; its preload and environment are not the sandbox's")
            forkserver.set_forkserver_preload(modules)
            if process.current_process()._config.get("tempdir") is None:  # else someone else's pymp-* folder
                _temp_folder = temp_folders.make("sandbox-fs-")
                process.current_process()._config["tempdir"] = str(_temp_folder)
            try:
                with _environment({**env, FORKSERVER_MARKER: "1"}):
                    forkserver.ensure_running()
            except BaseException:
                _forget_temp_folder()
                raise
            _preload = modules
        _users += 1


def stop_forkserver() -> None:
    """One pool is done with the forkserver; the last one stops it."""
    global _users, _preload
    with _lock:
        _users -= 1
        if _users == 0:
            forkserver._forkserver._stop()
            _preload = None
            _forget_temp_folder()


def _forget_temp_folder() -> None:
    global _temp_folder
    if _temp_folder is not None:
        process.current_process()._config.pop("tempdir", None)
        temp_folders.remove(_temp_folder)
        _temp_folder = None


def launch(job) -> KernelPopen:
    """Fork a kernel that runs `job._bootstrap()`; the returned Popen has .pid, .sentinel, .poll(), .kill()."""
    return KernelPopen(job)


class KernelPopen(popen_forkserver.Popen):
    """multiprocessing's forkserver Popen, minus the main-module preparation data."""

    def _launch(self, job):
        preparation = {"name": "sandbox-kernel", "sys_path": list(sys.path)}
        buffer = io.BytesIO()
        set_spawning_popen(self)  # lets the job's socket travel as a passed descriptor
        try:
            reduction.dump(preparation, buffer)
            reduction.dump(job, buffer)
        finally:
            set_spawning_popen(None)
        self.sentinel, data_w = forkserver._forkserver.connect_to_new_process(self._fds)
        parent_w = os.dup(data_w)  # the child watches this end to notice the grader going away
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
        with open(data_w, "wb", closefd=True) as stream:
            stream.write(buffer.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
