"""Shrink what a kernel process may do before any student code runs.

Resource limits (RLIMIT_DATA, not RLIMIT_AS: TensorFlow aborts under a tight
address-space limit), an unprivileged identity with no way back
(no_new_privs), death with the forkserver, and an environment holding only
what the kernel needs, with the dropped variables also wiped from the
original environment block that /proc/self/environ shows.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal

from .syscalls import PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG, prctl


def set_limits(limits, *, processes: bool) -> None:
    """Per-process limits from `limits` (a Limits); RLIMIT_NPROC only when the uid is the kernel's own."""
    _set(resource.RLIMIT_DATA, limits.memory_bytes)
    _set(resource.RLIMIT_FSIZE, limits.max_file_bytes)
    _set(resource.RLIMIT_CORE, 0)
    if processes:
        _set(resource.RLIMIT_NPROC, limits.max_processes)
    # Past RLIMIT_FSIZE a write fails with EFBIG ("File too large") instead of killing the kernel.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _set(which: int, value: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def drop_privileges(uid: int, gid: int) -> None:
    """Become uid:gid for good, with no supplementary groups and no way to gain privileges again."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    prctl(PR_SET_DUMPABLE, 1)  # /proc/self stays the kernel's own (changing uid made it root's)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise PermissionError(f"still uid {os.getresuid()} gid {os.getresgid()} after dropping to {uid}:{gid}")
    try:
        os.setuid(0)
    except PermissionError:
        return
    raise PermissionError(f"uid {uid} could become root again")


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when its parent (the forkserver) ends; set again after every uid change."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent ended before prctl took effect
        os._exit(1)


def replace_environment(new: dict[str, str]) -> None:
    """os.environ becomes exactly `new`; dropped or changed variables are wiped from the original block."""
    stale = {key.encode() for key, value in os.environ.items() if new.get(key) != value}
    os.environ.clear()
    os.environ.update(new)
    _wipe_original_environment(stale)


def _wipe_original_environment(keys: set[bytes]) -> None:
    with open("/proc/self/stat") as stat:
        text = stat.read()
    fields = text[text.rindex(")") + 2:].split()  # fields[0] is field 3 of proc(5)
    start, end = int(fields[50 - 3]), int(fields[51 - 3])  # env_start, env_end
    block = ctypes.string_at(start, end - start)
    offset = 0
    for entry in block.split(b"\0"):
        if entry.split(b"=", 1)[0] in keys:
            ctypes.memset(start + offset, 0, len(entry))
        offset += len(entry) + 1
