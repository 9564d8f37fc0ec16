"""The course directory as the staff group's, closed to students.

The instructor's and the TAs' servers (formgrader) and root's `make autograde` all write the same
course directory: it gets the staff group, setgid folders and default ACLs so that whatever any of
them creates stays writable by the others (nbgrader's `groupshared`). What holds answers, work or
grades (SECRET) is closed to everybody else; the rest (release/, the course's code) stays readable.
"""

from __future__ import annotations

import grp
import os
import subprocess
from pathlib import Path

# Answers and hidden tests, students' work, grades, the sample submissions.
SECRET = ("source", "submitted", "autograded", "feedback", "gradebook.db", "grades.csv", "tests")
# Made before the hub starts, so that they are made with the staff group's permissions.
RUNTIME_FOLDERS = ("submitted", "autograded", "feedback")


def _acl(*args: str) -> None:
    subprocess.run(["setfacl", *args], check=True, capture_output=True, text=True)


def _walk(path: Path):
    yield path
    if path.is_dir() and not path.is_symlink():
        for parent, folders, files in os.walk(path):
            for name in folders + files:
                yield Path(parent, name)


def share_with_staff(course: Path, staff_group: str) -> None:
    """Give the course directory to `staff_group` and close SECRET to others."""
    gid = grp.getgrnam(staff_group).gr_gid
    for name in RUNTIME_FOLDERS:
        (course / name).mkdir(exist_ok=True)
    os.chown(course, -1, gid)
    os.chmod(course, (course.stat().st_mode & 0o7777) | 0o2070)
    for top in ["release"] + list(SECRET):
        secret = top in SECRET
        for path in _walk(course / top):
            if not path.exists() or path.is_symlink():
                continue
            os.chown(path, -1, gid)
            mode = path.stat().st_mode & 0o7777
            executable = 0o010 if path.is_dir() or mode & 0o100 else 0
            mode |= 0o060 | executable | (0o2000 if path.is_dir() else 0)
            os.chmod(path, mode & ~0o007 if secret else mode)
            if path.is_dir():
                _acl("-d", "-m", f"u::rwx,g::rwx,o::{'---' if secret else 'r-x'}", str(path))


def unshare(course: Path) -> None:
    """Undo share_with_staff: root's group, no group write, readable as git checks files out."""
    for top in [course, *(course / name for name in ["release", *SECRET])]:
        for path in (_walk(top) if top != course else [course]):
            if not path.exists() or path.is_symlink():
                continue
            os.chown(path, -1, 0)
            mode = path.stat().st_mode & 0o7777 & ~0o2020
            readable = 0o044 | (0o011 if path.is_dir() or mode & 0o100 else 0)
            os.chmod(path, mode | readable)
            if path.is_dir():
                _acl("-b", str(path))
