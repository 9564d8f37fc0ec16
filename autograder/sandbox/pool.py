"""A pool of sandboxed kernels: a fresh, isolated, pre-warmed process per submission.

    limits = Limits(**course_config.SANDBOX_LIMITS)
    with SandboxPool(size=course_config.SANDBOX_POOL_SIZE, limits=limits,
                     hidden_paths=course_config.SANDBOX_HIDDEN_PATHS, env=course_config.GRADING_ENV) as pool:
        with pool.kernel(Path("submitted/ada/02_sequential_model")) as kernel:
            kernel.run_cell("x = 1")             # CellResult
            kernel.collect({"check": ...})       # FactsResult
        # here the kernel and every process it started are gone

`size` kernels run at once (threads may share one pool; `kernel()` waits for
a free slot). When the grader is root, each slot has its own unprivileged
uid, leased machine-wide, so its last sweep ("kill every process of that
uid") is exact. `pool.mode` says which isolation this machine gives:
"namespaces" (root and unshare work: private filesystem view, no network),
"user-namespaces" (not root, unprivileged user namespaces allowed: the same
view, in a PID namespace, with the grader's uid; user_namespaces.py) or
"fallback" (time, memory and process limits, and the kill sweep, only; as a
non-root grader, the sweep covers the kernel's session only), where
`pool.advice` says what to do. Opening the pool checks that a kernel can read
Python and the course's code (preflight.py): SandboxError, with one sentence,
before any submission, when it cannot.
A root grader also gives each kernel a memory cgroup limited to the kernel's
memory limit (memory_cgroup.py), so memory that no process maps (memfds,
shared memory, files in its /tmp) counts too; `pool.cgroup_parent` says
where they are made, or `pool.cgroup_problem` why they are not (the
PSS check and RLIMIT_DATA still apply).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

from . import launcher, memory_cgroup, preflight, temp_folders
from .errors import SandboxError
from .kernel import Kernel
from .kernel_process import KernelJob, KernelPlan
from .limits import Limits
from .memory_cgroup import KernelCgroup
from .processes import Members, kill_all
from .uid_leases import UidLease

log = logging.getLogger(__name__)

DEFAULT_PRELOAD = ("tensorflow", "keras", "autograder.in_kernel.collect_facts")
DEFAULT_COLLECTOR = "autograder.in_kernel.collect_facts:collect"
ISOLATIONS = ("auto", "namespaces", "fallback")  # "namespaces": root's or user namespaces, never fallback


class SandboxPool:
    def __init__(self, size: int = 2, limits: Limits | None = None, hidden_paths=(),
                 preload: tuple[str, ...] = DEFAULT_PRELOAD, collector: str = DEFAULT_COLLECTOR,
                 env: dict[str, str] | None = None, isolation: str = "auto",
                 memory_cgroup_root=memory_cgroup.DEFAULT_ROOT):
        if size < 1:
            raise ValueError(f"SandboxPool size must be at least 1, got {size}")
        if isolation not in ISOLATIONS:
            raise ValueError(f"SandboxPool isolation is {isolation!r}, expected one of {ISOLATIONS}")
        if ":" not in collector:
            raise ValueError(f"SandboxPool collector is {collector!r}, expected 'module:function'")
        self.size = size
        self.limits = limits or Limits()
        self.hidden_paths = tuple(os.path.abspath(path) for path in hidden_paths)
        self.preload = tuple(dict.fromkeys((*preload, collector.partition(":")[0])))
        self.collector = collector
        self.env = dict(env or {})
        self.isolation = isolation
        self.mode = ""
        self.advice = ""  # what to do about the mode reached ("" for the namespaces modes)
        self.memory_cgroup_root = memory_cgroup_root  # None: no memory cgroups
        self.cgroup_parent: Path | None = None  # where kernels' memory cgroups are made, None: they are not
        self.cgroup_problem = ""  # why kernels get no memory cgroup
        self._leases: list[UidLease] = []
        self._free: list[int | None] = []  # the uids of the slots no kernel uses
        self._active: set[Kernel] = set()
        self._lock = threading.Lock()
        self._slot_change = threading.Condition(self._lock)  # a slot freed or retired, or the pool closed
        self._state = "new"
        self._forkserver = False
        self._retired = 0  # slots whose processes could not be killed
        self._folder: Path | None = None  # temp_folders.py: the kernels' working copies

    def __enter__(self) -> SandboxPool:
        return self.open()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def open(self) -> SandboxPool:
        """Lease the uids, start the forkserver, and run one kernel to learn the isolation mode."""
        if self._state != "new":
            raise SandboxError(f"this SandboxPool is {self._state}; make a new one")
        self._state = "open"
        try:
            if os.geteuid() == 0:
                self._leases = UidLease.take(self.size)
                for lease in self._leases:  # leftovers of a grader that crashed while it held this uid
                    kill_all(Members(uid=lease.uid))
            with self._lock:
                self._free = [lease.uid for lease in self._leases] if self._leases else [None] * self.size
            self.cgroup_parent, self.cgroup_problem = self._memory_cgroups()
            temp_folders.remove_stale()
            self._folder = temp_folders.make("sandbox-pool-")
            launcher.start_forkserver(self.preload, self.env)
            self._forkserver = True
            with self.kernel(tempfile.mkdtemp(prefix="warmup-", dir=self._folder)) as kernel:
                self.mode = kernel.mode
                self.advice = preflight.fallback_advice(kernel.notes) if self.mode == "fallback" else ""
                preflight.check(kernel, self.hidden_paths)
        except BaseException:
            self.close()
            raise
        uids = f"uids {self._leases[0].uid}-{self._leases[-1].uid}" if self._leases else "the grader's uid"
        cgroups = (f"a memory cgroup per kernel in {self.cgroup_parent}" if self.cgroup_parent else
                   f"no memory cgroups ({self.cgroup_problem}): memory that no process maps, such as memfds, "
                   f"is not limited")
        (log.info if self.mode == "namespaces" and self.cgroup_parent else log.warning)(
            "sandbox pool: %s kernels at once, %s mode, %s, %s%s", self.size, self.mode, uids, cgroups,
            f"; {self.advice}" if self.advice else "")
        return self

    @property
    def uids(self) -> tuple[int, ...]:
        """The uids this pool's kernels run as; empty when the grader is not root (kernels keep its uid)."""
        return tuple(lease.uid for lease in self._leases)

    def new_folder(self, prefix: str) -> Path:
        """A new empty folder inside the pool's temporary folder, for a kernel's files_dir.

        Removed with the pool's folder when it closes, or, when the process holding the pool is
        killed, by the next pool that opens (temp_folders.remove_stale); the caller may remove it sooner.
        """
        if self._folder is None:
            raise SandboxError("this SandboxPool is not open")
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self._folder))

    @contextlib.contextmanager
    def kernel(self, files_dir, limits: Limits | None = None):
        """A fresh kernel working in a copy of `files_dir`, killed with all its processes on exit."""
        files_dir = Path(files_dir)
        if not files_dir.is_dir():
            raise ValueError(f"SandboxPool.kernel: files_dir {files_dir} is not a directory")
        uid = self._take_slot()
        scratch = tempfile.mkdtemp(prefix="kernel-", dir=self._folder)
        kernel, clean = None, False
        try:
            kernel = self._start(files_dir, limits or self.limits, uid, scratch)
            yield kernel
        finally:
            try:
                if kernel is not None:
                    with self._lock:
                        self._active.discard(kernel)
                    kernel.close()
                clean = True
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
                self._give_back_slot(uid, clean)

    def _take_slot(self) -> int | None:
        """A free slot's uid, once one is free; SandboxError when the pool closes or no slot is left."""
        with self._slot_change:
            while True:
                if self._state != "open":
                    raise SandboxError(f"this SandboxPool is {self._state}, not open")
                if self._retired == self.size:
                    raise SandboxError("every slot of this SandboxPool was retired: "
                                       "their processes could not be killed")
                if self._free:
                    return self._free.pop()
                self._slot_change.wait()

    def _give_back_slot(self, uid: int | None, clean: bool) -> None:
        """Free the slot again, or retire it for good when processes of its uid survived; wake the waiters."""
        with self._slot_change:
            if clean:
                self._free.append(uid)
            else:
                self._retired += 1
            self._slot_change.notify_all()
        if not clean:
            log.error("sandbox pool: slot of uid %s retired, its processes could not be killed", uid)

    def close(self) -> None:
        """Kill the kernels still running, stop the forkserver, release the uids."""
        with self._slot_change:
            if self._state == "closed":
                return
            self._state = "closed"
            active = list(self._active)
            self._slot_change.notify_all()
        for kernel in active:
            kernel.abort("the grader stopped before this notebook finished")
        if self._forkserver:
            launcher.stop_forkserver()
            self._forkserver = False
        for lease in self._leases:
            lease.release()
        temp_folders.remove(self._folder)

    def _memory_cgroups(self) -> tuple[Path | None, str]:
        """(where kernels' memory cgroups go, "") or (None, why they get none), after a trial cgroup per slot."""
        if self.memory_cgroup_root is None:
            return None, "turned off (memory_cgroup_root=None)"
        if not self._leases:
            return None, "the grader is not root"
        parent, problem = memory_cgroup.kernels_parent(self.memory_cgroup_root)
        if parent is None:
            return None, problem
        try:
            for lease in self._leases:  # also removes the cgroups a killed grader left for these uids
                KernelCgroup.create(parent, lease.uid, self.limits.memory_bytes).remove()
        except OSError as error:
            return None, f"{parent} is not writable: {error}"
        return parent, ""

    def _start(self, files_dir: Path, limits: Limits, uid: int | None, scratch: str) -> Kernel:
        cgroup = None
        if self.cgroup_parent is not None and uid is not None:
            try:
                cgroup = KernelCgroup.create(self.cgroup_parent, uid, limits.memory_bytes)
            except OSError as error:
                raise SandboxError(f"the memory cgroup of uid {uid}'s kernel could not be made: {error}") from None
        plan = KernelPlan(files_dir=str(files_dir.resolve()), limits=limits, collector=self.collector,
                          preload=self.preload, env=self.env, hidden_paths=self.hidden_paths,
                          isolation=self.isolation, uid=uid, fallback_dir=scratch,
                          memory_cgroup=str(cgroup.path) if cgroup else "")
        ours, theirs = socket.socketpair()
        try:
            popen = launcher.launch(KernelJob(theirs, plan))
        except BaseException:
            ours.close()
            if cgroup is not None:
                cgroup.remove()
            raise
        finally:
            theirs.close()
        kernel = Kernel(popen, ours, limits, uid, cgroup)
        with self._lock:
            self._active.add(kernel)
        try:
            kernel.wait_ready()
        except BaseException:
            with self._lock:
                self._active.discard(kernel)
            kernel.close()
            raise
        return kernel
