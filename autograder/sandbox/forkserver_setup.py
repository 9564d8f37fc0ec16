"""Imported first by the sandbox's forkserver, before TensorFlow: make it a subreaper.

Processes a kernel leaves behind (a daemon it started, a child of a crashed
kernel) are re-parented to the nearest subreaper instead of the machine's
init. The forkserver reaps every child it has (multiprocessing's SIGCHLD
loop), so those processes never linger as zombies, which would still count
against the kernel uid's process limit. Acts only in a process the pool
marked with FORKSERVER_MARKER, so importing it anywhere else does nothing.
"""

import os
import warnings

FORKSERVER_MARKER = "AUTOGRADER_SANDBOX_FORKSERVER"

IN_FORKSERVER = os.environ.pop(FORKSERVER_MARKER, None) == "1"

if IN_FORKSERVER:
    from .syscalls import PR_SET_CHILD_SUBREAPER, prctl

    prctl(PR_SET_CHILD_SUBREAPER, 1)
    # multiprocessing warns when it reaps a process it did not fork; those are the adopted ones.
    warnings.filterwarnings("ignore", message="forkserver: waitpid returned unexpected pid")
