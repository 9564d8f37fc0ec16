"""Find, measure and kill a kernel's processes from the grader's side, via /proc.

A kernel is every process of its uid (namespaces mode: the uid is the
kernel's alone, so that is exact even for setsid'd or daemonized children),
every process of its PID namespace (user-namespaces mode: exact too), or
every process of its session (fallback mode: one that starts its own
session escapes). Memory is the proportional share (PSS) of anonymous and
shared memory, so pages a fork still shares with its parent count once.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Members:
    """Which processes belong to a kernel: all of `uid`, of PID namespace `pidns` (its inode) or of session `sid`."""

    uid: int | None = None
    sid: int | None = None
    pidns: int | None = None

    def matches(self, pid: int) -> bool:
        if self.uid is not None:
            return _real_uid(pid) == self.uid
        if self.pidns is not None:
            return os.stat(f"/proc/{pid}/ns/pid").st_ino == self.pidns
        return _session(pid) == self.sid


def pids(members: Members, *, include_zombies: bool = False) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if members.matches(pid) and (include_zombies or _state(pid) != "Z"):
                found.append(pid)
        except (OSError, ValueError, IndexError):
            continue  # it ended while we looked (or is not ours to look at)
    return found


def memory_bytes(members: Members) -> int:
    """Anonymous plus shared-memory bytes the kernel's processes hold (their PSS share)."""
    total = 0
    for pid in pids(members):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith(("Pss_Anon:", "Pss_Shmem:")):
                        total += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return total


def kill_all(members: Members, *, timeout: float = 10.0) -> list[int]:
    """SIGKILL every member until none is left, zombies included; the pids still there after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        alive = pids(members, include_zombies=True)
        if not alive:
            return []
        kill_each(alive)
        if time.monotonic() > deadline:
            return alive
        time.sleep(0.01)  # zombies wait for their parent (the forkserver) to reap them


def kill_each(pids) -> None:
    """SIGKILL each of `pids`; one already gone is skipped."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _status_field(pid: int, field: str) -> str:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field):
                return line.split(":", 1)[1]
    raise ValueError(f"/proc/{pid}/status has no {field!r} line")


def _real_uid(pid: int) -> int:
    return int(_status_field(pid, "Uid:").split()[0])


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, pgrp, session, ...


def _state(pid: int) -> str:
    return _stat_fields(pid)[0]


def _session(pid: int) -> int:
    return int(_stat_fields(pid)[3])
