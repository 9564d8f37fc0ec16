"""nbgrader's exchange, shared by every account on the machine.

As nbgrader's docs ask, the root is writable by everybody (0777); it is owned by root, setgid to the
staff group (so the course's folders nbgrader makes inside are the staff's, `groupshared`), and
sticky (nobody renames or deletes what another made). nbgrader then keeps each course's `inbound/`
write-only for students (0733: a submission's folder name ends with a random string nobody can list)
and `feedback/` unlistable (0711: each page's name is a hash of the student's own submission).
"""

from __future__ import annotations

import grp
import os
import shutil
from pathlib import Path


def make_exchange(root: Path, staff_group: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, grp.getgrnam(staff_group).gr_gid)
    os.chmod(root, 0o3777)


def remove_exchange(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
