"""Lease unprivileged uids for kernel slots, machine-wide, with flock.

Each slot of a pool runs its kernels as its own uid, so that "every process
of that uid" is exactly that kernel's processes. Two pools on one machine
(two graders, a test run next to `make autograde`) must never share a uid,
or one would kill the other's kernels: a uid is leased by holding an flock on
a lock file in a root-only directory, for as long as the pool is open; the
lock goes away with the grader's process, even when it crashes.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import stat
from pathlib import Path

from .errors import SandboxError

# Below systemd's DynamicUser range (61184-65519) and far from login users (1000-60000).
FIRST_UID = 61000
LAST_UID = 61183


def lock_dir() -> Path:
    """/tmp/autograder-sandbox-uids, created root-only; refuses one that someone else could write.

    Always /tmp, whatever TMPDIR says: a grader with another TMPDIR must still see the others' leases.
    """
    path = Path("/tmp/autograder-sandbox-uids")
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise PermissionError(f"{path} must be a directory owned by uid {os.geteuid()} that only it can write")
    return path


class UidLease:
    """Holds uid `uid` until release(); `UidLease.take(n)` leases the first n free uids."""

    def __init__(self, uid: int, fd: int):
        self.uid = uid
        self._fd = fd

    @classmethod
    def take(cls, count: int, first: int = FIRST_UID, last: int = LAST_UID) -> list[UidLease]:
        directory = lock_dir()
        leases: list[UidLease] = []
        for uid in range(first, last + 1):
            if len(leases) == count:
                return leases
            if _has_account(uid):
                continue  # someone's real uid: never run (or kill) kernels as it
            fd = os.open(directory / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            leases.append(cls(uid, fd))
        if len(leases) == count:
            return leases
        for lease in leases:
            lease.release()
        raise SandboxError(f"only {len(leases)} of uids {first}..{last} are free; {count} are needed")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor drops the flock
            self._fd = None


def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True
