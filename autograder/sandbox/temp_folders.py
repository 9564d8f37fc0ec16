"""Temporary folders of the sandbox, named for the grader that made them, so none is left behind.

    <tmp>/sandbox-pool-<pid>-XXXX/   a pool's folder: the warm-up kernel's and each fallback
                                     kernel's working copy; removed by close()
    <tmp>/sandbox-fs-<pid>-XXXX/     multiprocessing's temporary folder while the sandbox's
                                     forkserver runs (its socket; else a pymp-* folder that only
                                     multiprocessing's exit handler removes, never after a kill)

A grader that is killed cannot remove its folders: the next pool that opens removes those of
graders (same owner) whose process is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIXES = ("sandbox-pool-", "sandbox-fs-")


def make(prefix: str) -> Path:
    """A new folder <tmp>/<prefix><this pid>-XXXX; others may traverse it (fallback kernels' uids), not list it."""
    if prefix not in PREFIXES:
        raise ValueError(f"temporary folder prefix {prefix!r} is not one of {PREFIXES}")
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    folder.chmod(0o711)
    return folder


def remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale(parent: str | os.PathLike | None = None) -> list[Path]:
    """Remove the folders of graders whose process has ended (killed before they could); the folders removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for path in parent.iterdir():
        pid = grader_pid(path.name)
        if pid is None or Path(f"/proc/{pid}").exists():
            continue
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if info.st_uid == os.geteuid() and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def grader_pid(name: str) -> int | None:
    """The pid a sandbox temporary folder is named for; None for any other name."""
    for prefix in PREFIXES:
        if name.startswith(prefix):
            pid = name[len(prefix):].partition("-")[0]
            return int(pid) if pid.isdigit() else None
    return None
