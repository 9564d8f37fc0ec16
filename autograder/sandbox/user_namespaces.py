"""Namespaces without root: a user namespace of the kernel's own, where the grader's uid may build a sandbox.

A grader that is not root (an instructor's account on a university server) cannot give kernels
another uid, but where the kernel allows unprivileged user namespaces it can still give them
the root grader's isolation: `enter()` moves the kernel into new user, mount, network, IPC, UTS
and PID namespaces (its uid and gid mapped to themselves), and forks. The child, PID 1 of the
new PID namespace, goes on to build the same mounts as a root grader (mounts.py) and then
`drop_capabilities()`; the parent waits for it and ends the way it ends.

Why each piece:
  - the PID namespace: the kernel keeps the grader's uid, so outside it a student's code could
    signal or ptrace the grader's processes; inside it sees none of them, its fresh /proc shows
    its own processes only, and when its PID 1 dies every process in it dies too.
  - dropping every capability (bounding set too) and no_new_privs: the mounts that hide the
    course cannot be undone; a nested user namespace gets its capabilities back, but the mounts
    it copies are locked to it.
  - RLIMIT_NPROC counts the processes of a uid per user namespace (Linux >= 5.14): the limit is
    the kernel's own, not shared with the instructor's other processes.
"""

from __future__ import annotations

import errno
import os
import select
import signal

from .mounts import UNAVAILABLE
from .syscalls import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS,
                       MS_PRIVATE, MS_REC, PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG, drop_all_capabilities, mount,
                       prctl, sethostname, unshare)

NOT_AVAILABLE = "user namespaces are not available"


def enter(hostname: str = "sandbox") -> tuple[bool, str]:
    """(True, "") in PID 1 of new namespaces, or (False, why not) in this process, unchanged.

    In the parent, when the namespaces exist, this never returns: it waits for the child and
    exits with its status (killed by a signal: killed by the same one).
    """
    uid, gid = os.getuid(), os.getgid()
    try:
        unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID)
    except OSError as error:
        if error.errno in UNAVAILABLE or error.errno == errno.ENOSPC:  # ENOSPC: user.max_user_namespaces reached
            return False, _why(error)
        raise
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")
    alive_r, alive_w = os.pipe()
    pid = os.fork()
    if pid:
        _wait_and_end_like(pid, keep=alive_w)
    os.close(alive_w)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if select.select([alive_r], [], [], 0)[0]:  # end of file: the parent ended before prctl took effect
        os._exit(1)
    os.close(alive_r)
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    sethostname(hostname)
    return True, ""


def drop_capabilities() -> None:
    """Give up every capability the user namespace gave, for good; student code runs after this."""
    drop_all_capabilities()
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def _wait_and_end_like(pid: int, keep: int) -> None:
    """The parent: hold nothing but `keep` (the child's "alive" pipe), wait for the child (PID 1), end as it ended."""
    os.closerange(3, keep)  # the grader's socket too: the grader must see the child's end only
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 70)


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "user.max_user_namespaces is 0 or reached (sysctl user.max_user_namespaces)"
    return (f"unshare(CLONE_NEWUSER) failed with {errno.errorcode.get(error.errno, error.errno)} "
            f"({os.strerror(error.errno)}): the kernel or a security policy forbids unprivileged user namespaces")
