"""What an autograded folder was graded from: the stamp that lets `make autograde` skip unchanged submissions.

    autograded/<student>/<assignment>/.autograder-stamp.json   {"submission": <digest>, "assignment": <digest>}

A digest hashes every file of a folder with its path, each ended by a NUL byte, so an edited, renamed or
moved file, in the student's folder or in source/<assignment>/, makes the stamp stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Instance

STAMP = ".autograder-stamp.json"


def folder_digest(folder: Path) -> str:
    """A hash of each file's path under `folder` and its contents."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def assignment_digest(course: Path, assignment: str) -> str:
    """The digest of source/<assignment>/: what the assignment's version is."""
    return folder_digest(Path(course) / "source" / assignment)


def is_current(graded_folder: Path, notebook_name: str, stamp: dict) -> bool:
    """Whether `graded_folder` holds a graded notebook stamped with exactly `stamp`."""
    try:
        recorded = json.loads((graded_folder / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return (graded_folder / notebook_name).is_file() and recorded == stamp


class RecordStamp(NbGraderPreprocessor):
    """Last autograde step of the batch grader: stamp the graded folder with what was graded.

    Written once nbgrader has saved the grades, so a batch that is interrupted
    leaves stamps exactly on the submissions it finished; the next run skips
    those and grades the rest.
    """

    stamps = Instance(dict, args=(), help="student -> the stamp of their submission, from the batch grader")

    def preprocess(self, nb, resources):
        stamp = self.stamps.get(resources.get("nbgrader", {}).get("student"))
        if stamp is not None:
            Path(resources["metadata"]["path"], STAMP).write_text(json.dumps(stamp))
        return nb, resources
