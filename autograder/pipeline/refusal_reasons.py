"""Why a notebook could not be graded, in one plain sentence a student can act on.

The batch grader turns the exception that stopped the reading of a notebook, or
nbgrader's own pass over it, into the reason its summary prints and the
student's "could not be graded" feedback page shows (autograder/pipeline/refused_feedback.py):

    >>> reason_for(json.JSONDecodeError("Expecting value", '{"cells": [\\n  1,\\n    oops', 21))
    'your notebook is not valid JSON (line 3, column 5): it could not be opened'

An exception's own message is quoted only when this module knows what it holds:
others may quote hidden tests (a SpecError quotes the hidden call) or the gradebook.
"""

from __future__ import annotations

import json
import re

# What nbgrader raises when a locked cell still differs from the gradebook's after its source is put back
# (OverwriteCells), and when a cell's nbgrader metadata is invalid (CheckCellMetadata).
CHANGED_TEST_CELL = re.compile(r"Inconsistent checksums for cell (\S+)")
DAMAGED_METADATA = "Notebook failed to validate; the nbgrader metadata may be corrupted."


def reason_for(error: BaseException) -> str:
    """The plain sentence (no final period) for `error`, which stopped the grading of one notebook."""
    from nbformat import ValidationError  # nbformat's and nbgrader's (jsonschema's)
    from nbformat.reader import NotJSONError

    from ..shared.errors import SpecError

    if isinstance(error, UnicodeDecodeError):
        line, column = _line_and_column(error.object, error.start)
        return (f"your notebook is not valid JSON (line {line}, column {column}: byte "
                f"0x{error.object[error.start]:02x} is not UTF-8 text): it could not be opened")
    if isinstance(error, NotJSONError) and isinstance(error.__cause__, json.JSONDecodeError):
        error = error.__cause__
    if isinstance(error, json.JSONDecodeError):
        return f"your notebook is not valid JSON (line {error.lineno}, column {error.colno}): it could not be opened"
    if isinstance(error, NotJSONError):
        return "your notebook is not valid JSON: it could not be opened"
    if isinstance(error, ValidationError) and error.message == DAMAGED_METADATA:
        return ("the nbgrader settings of your notebook's cells are damaged (a cell's metadata was edited): "
                "it cannot be checked")
    if isinstance(error, ValidationError):
        return "your notebook is JSON but not a valid Jupyter notebook: it could not be opened"
    changed = CHANGED_TEST_CELL.fullmatch(str(error)) if isinstance(error, RuntimeError) else None
    if changed:
        return (f"a read-only cell of your notebook was changed: the cell {changed.group(1)!r} no longer has the "
                "grading settings the assignment gave it (its grade or solution flag), so it cannot be checked")
    if isinstance(error, SpecError):
        return ("the grader could not check your notebook because of a mistake in the assignment's tests, "
                "not in your work: the course staff will fix it and grade your notebook again")
    return (f"the grader could not process your notebook (it stopped with {type(error).__name__}): "
            "the course staff can see why in the grading log")


def grader_fault(reason: str) -> bool:
    """Whether a reason says the grader, not the student's notebook, stopped the grading (the staff must look)."""
    return reason.startswith("the grader could not")


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte `offset` in `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
