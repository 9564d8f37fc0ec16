"""Whether a student's submission folder can be graded as it is: no links, no special files, its notebook.

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
        others = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.ipynb") if path.is_file())
        if others:
            return (f"it has no {notebook.name}, the notebook the assignment gave you, but holds "
                    f"{', '.join(others)}: if you renamed it, submit it again as {notebook.name}")
        return f"it has no {notebook.name}"
    return ""


# What nbgrader itself puts beside a notebook, and what it ignores (CourseDirectory.ignore).
NBGRADER_FILES = {"timestamp.txt", "submission_secret.txt"}
IGNORED = {".ipynb_checkpoints", "__pycache__", "feedback"}


def extra_files(folder: Path, notebook: Path) -> list[str]:
    """Files handed in beside the assignment's notebook: kept with the submission, not graded."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and path != notebook and str(relative) not in NBGRADER_FILES \
                and not IGNORED & set(relative.parts) and path.suffix != ".pyc":
            found.append(str(relative))
    return found
