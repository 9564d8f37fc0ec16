"""A memory cgroup (v1) per kernel, so that memory no process maps still counts against the limit.

RLIMIT_DATA and the grader's PSS check see only memory that a process maps: the pages of a memfd
or of a tmpfs file that nobody maps count in neither. The memory controller charges every page
(anonymous, shared memory, tmpfs, page cache, kernel memory) to the cgroup of the process that
first touches it, so each kernel runs in a cgroup of its own whose limit is the kernel's memory
limit: beyond it the kernel is OOM-killed, and the grader reads the kill in memory.oom_control.
Pages a kernel still shares with the forkserver stay charged to the grader's cgroup.

    <root>/<the grader's own cgroup>/autograder-sandbox-uid61000

One cgroup per pool slot, named for the slot's uid: the uid's lease makes the name the pool's
alone, so a cgroup of that name left by a grader that was killed is removed before a new one is
made. Created for each kernel, removed once all its processes are gone. Only for a root grader
(the slots have uids); otherwise, or when the memory controller is missing or not writable, the
pool says why and kernels run without one.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from .errors import SandboxError
from .processes import kill_each

DEFAULT_ROOT = Path("/sys/fs/cgroup/memory")
PREFIX = "autograder-sandbox-uid"


def grader_cgroup() -> str:
    """This process's memory cgroup, as /proc/self/cgroup names it ("/" at the top)."""
    with open("/proc/self/cgroup") as lines:
        for line in lines:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if "memory" in controllers.split(","):
                return path
    return ""


def kernels_parent(root) -> tuple[Path | None, str]:
    """(the folder where this grader can make kernels' memory cgroups, "") or (None, why it cannot)."""
    own = grader_cgroup()
    if not own:
        return None, "this process is in no cgroup v1 memory hierarchy (/proc/self/cgroup has no memory line)"
    parent = Path(root) / own.lstrip("/")
    if not (parent / "memory.limit_in_bytes").is_file():
        return None, f"{parent} is not a memory cgroup (it has no memory.limit_in_bytes)"
    return parent, ""


class KernelCgroup:
    """One kernel's memory cgroup: made with a limit, joined by the kernel, read, then removed."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def create(cls, parent: Path, uid: int, limit_bytes: int) -> KernelCgroup:
        """A fresh cgroup for the slot of `uid`, limited to `limit_bytes` (swap included); OSError if it cannot."""
        cgroup = cls(parent / f"{PREFIX}{uid}")
        cgroup.remove()  # left by a grader that was killed while it held this uid
        cgroup.path.mkdir()
        try:
            if not (cgroup.path / "cgroup.procs").is_file():
                raise OSError(f"{parent} is not on a cgroup file system (a new folder in it has no cgroup.procs)")
            cgroup._write("memory.limit_in_bytes", limit_bytes)
            if (cgroup.path / "memory.memsw.limit_in_bytes").is_file():  # swap accounting is on
                cgroup._write("memory.memsw.limit_in_bytes", limit_bytes)
        except BaseException:
            cgroup.remove()
            raise
        return cgroup

    def oom_killed(self) -> bool:
        """Whether the kernel reached the limit: the OOM killer acted (or is acting) in this cgroup."""
        try:
            fields = dict(line.split() for line in (self.path / "memory.oom_control").read_text().splitlines())
        except (OSError, ValueError):
            return False
        return int(fields.get("oom_kill", 0)) > 0 or fields.get("under_oom") == "1"

    def pids(self) -> list[int]:
        try:
            return [int(pid) for pid in (self.path / "cgroup.procs").read_text().split()]
        except FileNotFoundError:
            return []

    def remove(self, timeout: float = 10.0) -> None:
        """SIGKILL what is still in the cgroup, then remove it; SandboxError if processes stay past `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError as error:
                if error.errno != errno.EBUSY:
                    raise
                left = self.pids()  # processes are still in it
                if time.monotonic() > deadline:
                    raise SandboxError(f"memory cgroup {self.path} could not be removed: "
                                       f"processes {left} are still in it") from None
            kill_each(left)
            time.sleep(0.01)

    def _write(self, name: str, value: int) -> None:
        (self.path / name).write_text(str(value))


def join(path: str) -> None:
    """Move the calling process (and so every process it starts later) into the cgroup at `path`."""
    Path(path, "cgroup.procs").write_text(str(os.getpid()))
