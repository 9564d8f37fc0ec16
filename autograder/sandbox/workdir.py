"""The kernel's working directory: a fresh copy of the student's own folder.

The copy reads through a directory descriptor opened before the sandbox
hides the course's folders (the student's folder is usually inside one of
them, e.g. submitted/). Regular files and directories are copied, symlinks
stay links (so they resolve inside the sandbox, where hidden paths are
hidden), and anything else (fifos, devices, sockets) is skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def open_folder(path: str | os.PathLike) -> int:
    """A descriptor for the student's folder, to copy from later."""
    return os.open(path, _OPEN_DIR)


def copy_folder(source_fd: int, destination: Path, owner: tuple[int, int] | None = None) -> None:
    """Copy the folder open as `source_fd` into the new directory `destination`, owned by `owner` (uid, gid)."""
    destination.mkdir(mode=0o755)
    _own(destination, owner)
    for entry in os.scandir(source_fd):
        info = entry.stat(follow_symlinks=False)
        target = destination / entry.name
        if stat.S_ISDIR(info.st_mode):
            child_fd = os.open(entry.name, _OPEN_DIR, dir_fd=source_fd)
            try:
                copy_folder(child_fd, target, owner)
            finally:
                os.close(child_fd)
        elif stat.S_ISREG(info.st_mode):
            _copy_file(source_fd, entry.name, target, info.st_mode)
            _own(target, owner)
        elif stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(entry.name, dir_fd=source_fd), target)
            _own(target, owner)


def _copy_file(source_fd: int, name: str, target: Path, mode: int) -> None:
    reader = os.open(name, _OPEN_FILE, dir_fd=source_fd)
    try:
        writer = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, (mode & 0o777) | 0o600)
        try:
            while os.sendfile(writer, reader, None, 1 << 20):
                pass
        finally:
            os.close(writer)
    finally:
        os.close(reader)


def _own(path: Path, owner: tuple[int, int] | None) -> None:
    if owner is not None:
        os.chown(path, *owner, follow_symlinks=False)
