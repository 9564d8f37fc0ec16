"""An IPython kernel with limits, for the hub's interactive notebooks: `python -m autograder.hub.limited_kernel
--memory-bytes N --cpu-seconds N --max-processes N --max-file-bytes N -f <connection file>`.

Each limit is a hard rlimit of the kernel process (and whatever it starts): a bigger allocation raises
MemoryError, more CPU time ends the kernel (Jupyter shows "kernel died" and restarts it). Grading never uses
this kernel: `make autograde` runs every submission in the sandbox.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

RLIMITS = {
    "memory_bytes": resource.RLIMIT_DATA,  # not RLIMIT_AS: TensorFlow reserves far more address space than it uses
    "cpu_seconds": resource.RLIMIT_CPU,
    "max_processes": resource.RLIMIT_NPROC,  # the account's processes and threads
    "max_file_bytes": resource.RLIMIT_FSIZE,
}


def kernel_argv(python: str, limits: dict[str, int]) -> list[str]:
    """The kernelspec's argv that starts this module with `limits` (keys of RLIMITS)."""
    options = [part for key, value in limits.items() for part in (f"--{key.replace('_', '-')}", str(value))]
    return [python, "-m", "autograder.hub.limited_kernel", *options, "-f", "{connection_file}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for key in RLIMITS:
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, required=True)
    limits, kernel_args = parser.parse_known_args(argv)
    for key, rlimit in RLIMITS.items():
        value = getattr(limits, key)
        resource.setrlimit(rlimit, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])


if __name__ == "__main__":
    main()
