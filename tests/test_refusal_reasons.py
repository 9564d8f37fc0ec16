"""Why a notebook could not be graded: the exact sentence for each way reading or nbgrader's pass gives up."""

from __future__ import annotations

import io

import nbformat
import pytest

from autograder import SpecError
from autograder.pipeline.refusal_reasons import DAMAGED_METADATA, reason_for


def reading_error(data: bytes) -> Exception:
    """What nbformat raises on the bytes a student handed in as their notebook."""
    with pytest.raises(Exception) as raised:
        nbformat.read(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), as_version=4)
    return raised.value


@pytest.mark.parametrize("data, sentence", [
    (b"\x89PNG\r\n\x1a\n{\"cells\": [ this is not a notebook",
     "your notebook is not valid JSON (line 1, column 1: byte 0x89 is not UTF-8 text): it could not be opened"),
    (b'{"cells": []}\n\n  \xff',
     "your notebook is not valid JSON (line 3, column 3: byte 0xff is not UTF-8 text): it could not be opened"),
    (b'{"cells": [\n  1,\n    oops',
     "your notebook is not valid JSON (line 3, column 5): it could not be opened"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "cells": []}',
     "your notebook is JSON but not a valid Jupyter notebook: it could not be opened"),
])
def test_a_notebook_that_cannot_be_read(data, sentence):
    assert reason_for(reading_error(data)) == sentence


def test_a_read_only_cell_whose_flags_were_changed():
    """nbgrader's OverwriteCells, when a locked cell's checksum still differs once its source is put back."""
    assert reason_for(RuntimeError("Inconsistent checksums for cell model_tests")) == (
        "a read-only cell of your notebook was changed: the cell 'model_tests' no longer has the grading settings "
        "the assignment gave it (its grade or solution flag), so it cannot be checked")


def test_damaged_nbgrader_metadata():
    assert reason_for(nbformat.ValidationError(DAMAGED_METADATA)) == (
        "the nbgrader settings of your notebook's cells are damaged (a cell's metadata was edited): it cannot be checked")


@pytest.mark.parametrize("error, sentence", [
    (SpecError("check_model('model', ...) is missing layers"),
     "the grader could not check your notebook because of a mistake in the assignment's tests, not in your work: "
     "the course staff will fix it and grade your notebook again"),
    (ValueError("### BEGIN HIDDEN TESTS\ncheck_model('model', points=6)"),
     "the grader could not process your notebook (it stopped with ValueError): "
     "the course staff can see why in the grading log"),
])
def test_other_errors_never_quote_their_message(error, sentence):
    """Their message may quote a hidden test: the student is told the kind of error only."""
    assert reason_for(error) == sentence
