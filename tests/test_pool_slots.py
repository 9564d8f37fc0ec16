"""A pool whose last slots are retired while threads wait for one: they are told so, the batch never hangs."""

from __future__ import annotations

import os
import threading

import pytest

from autograder.sandbox import Limits, SandboxError, SandboxPool

ECHO = "autograder.sandbox.echo_facts"
PRELOAD = ("tensorflow", "keras", ECHO)  # test_sandbox.py's: pools of one process share one forkserver


def zombie_of(uid: int) -> int:
    """A process of `uid` that nobody reaps until `os.waitpid`: its kernel's sweep cannot remove it."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setuid(uid)
        finally:
            os._exit(0)
    return pid


@pytest.mark.skipif(os.geteuid() != 0, reason="kernels run as the grader's uid, with no slot uid to leave")
def test_a_thread_waiting_for_a_slot_learns_that_the_last_one_was_retired(tmp_path):
    waited: list = []
    with SandboxPool(size=1, limits=Limits(cell_timeout=5.0, notebook_timeout=30.0), preload=PRELOAD,
                     collector=f"{ECHO}:collect", memory_cgroup_root=None) as pool:
        zombie = None
        try:
            with pytest.raises(SandboxError, match="survived SIGKILL"), pool.kernel(tmp_path):
                zombie = zombie_of(pool.uids[0])
                waiter = threading.Thread(target=lambda: waited.append(_kernel_or_error(pool, tmp_path)), daemon=True)
                waiter.start()
                waiter.join(0.5)
                assert waiter.is_alive(), "the waiter should wait for the only slot"
            waiter.join(20)
            assert not waiter.is_alive(), "the waiter still waits for a slot that was retired"
        finally:
            if zombie is not None:
                os.waitpid(zombie, 0)
    assert waited == ["SandboxError: every slot of this SandboxPool was retired: "
                      "their processes could not be killed"]


def _kernel_or_error(pool: SandboxPool, folder) -> str:
    try:
        with pool.kernel(folder):
            return "a kernel"
    except SandboxError as error:
        return f"SandboxError: {error}"
