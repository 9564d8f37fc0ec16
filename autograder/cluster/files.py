"""A submission folder as plain bytes, to travel with its task: no shared filesystem needed.

    packed = pack_folder(Path("submitted/ada/02_sequential_model"))   # grading process
    unpack_folder(packed, Path(tempfile.mkdtemp()))                    # worker

Regular files and folders only: the batch has already refused folders holding
links or special files (pipeline/submission_folder.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def pack_folder(folder: Path) -> list[tuple[str, int, bytes | None]]:
    """(relative path, permission bits, bytes, or None for a folder) of everything under `folder`, parents first."""
    packed = []
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        relative = path.relative_to(folder).as_posix()
        if stat.S_ISDIR(info.st_mode):
            packed.append((relative, stat.S_IMODE(info.st_mode), None))
        elif stat.S_ISREG(info.st_mode):
            packed.append((relative, stat.S_IMODE(info.st_mode), path.read_bytes()))
        else:
            raise ValueError(f"{path} is neither a regular file nor a folder: it cannot be sent to a worker")
    return packed


def unpack_folder(packed: list[tuple[str, int, bytes | None]], target: Path) -> None:
    """Recreate a packed folder inside the existing folder `target`; no entry may leave it."""
    root = target.resolve()
    folders = []
    for relative, mode, content in packed:
        path = (root / relative).resolve()
        if root not in path.parents:
            raise ValueError(f"the packed entry {relative!r} points outside the folder it is unpacked into")
        if content is None:
            path.mkdir(mode=0o700)
            folders.append((path, mode))
        else:
            path.write_bytes(content)
            os.chmod(path, mode & 0o777)
    for path, mode in reversed(folders):  # last, so that a read-only folder is filled first
        os.chmod(path, mode & 0o777)
