"""Whether a student's submission folder can be graded as it is: no links, no special files.

nbgrader follows a symbolic link when it reads and copies a submission, so a
link to the gradebook or to source/ would be graded as the student's work and
copied into their feedback. The batch grader refuses such a folder before
nbgrader reads it; `SandboxedExecute` checks again, for a plain
`nbgrader autograde`, before any of it runs.
"""

from __future__ import annotations

from pathlib import Path


class SubmissionRefused(Exception):
    """A submission folder the grader will not grade; the message says why, in the student's terms."""


def folder_refusal(folder: Path, notebook: Path) -> str:
    """Why the folder cannot be graded as it is ('' if it can)."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_symlink():
            return f"its folder holds a symbolic link, {relative}, which the grader does not follow"
        if not (path.is_file() or path.is_dir()):
            return f"its folder holds {relative}, which is not a regular file"
    if not notebook.is_file():
        return f"it has no {notebook.name}"
    return ""
