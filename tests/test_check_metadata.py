"""CheckCellMetadataOnce: nbgrader's metadata check, its schema checked once; the same verdicts and errors."""
import copy
import logging

import nbformat
import pytest
from nbgrader.nbgraderformat import SchemaTooOldError, ValidationError
from nbgrader.preprocessors import CheckCellMetadata

import course_config
from autograder.pipeline.check_metadata import CheckCellMetadataOnce

RELEASED = course_config.ROOT / "release" / "02_sequential_model" / "sequential_model.ipynb"


def outcome(step_class, notebook, caplog):
    """(the exception's type and message, or "ok"; what was logged), for `step_class`."""
    step = step_class()
    step.log = logging.getLogger("check-metadata-test")
    caplog.clear()
    try:
        step.preprocess(copy.deepcopy(notebook), {})
        verdict = "ok"
    except Exception as error:  # noqa: BLE001 - compared as they are
        verdict = f"{type(error).__name__}: {error}"
    return verdict, [_sentence(record.getMessage()) for record in caplog.records]


def _sentence(message: str) -> str:
    """A logged traceback's exception line (jsonschema's message), else the message."""
    lines = message.strip().splitlines()
    return next((line for line in lines if line.startswith("jsonschema.exceptions.")), lines[-1])


def graded_cell(notebook):
    return next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade"))


@pytest.fixture
def notebook():
    return nbformat.read(RELEASED, as_version=4)


def test_a_released_notebook_passes_both(notebook, caplog):
    assert outcome(CheckCellMetadataOnce, notebook, caplog) == outcome(CheckCellMetadata, notebook, caplog) == (
        "ok", [])


@pytest.mark.parametrize("break_it, logged", [
    (lambda meta: meta.update(points="six"), "jsonschema.exceptions.ValidationError: 'six' is not of type 'number'"),
    (lambda meta: meta.update(grade_id=7), "jsonschema.exceptions.ValidationError: 7 is not of type 'string'"),
    (lambda meta: meta.pop("solution"), "jsonschema.exceptions.ValidationError: 'solution' is a required property"),
    (lambda meta: meta.update(locked="yes"), "jsonschema.exceptions.ValidationError: 'yes' is not of type 'boolean'"),
])
def test_broken_metadata_gets_nbgraders_error_and_log(notebook, caplog, break_it, logged):
    break_it(graded_cell(notebook).metadata["nbgrader"])
    expected = ("ValidationError: Notebook failed to validate; the nbgrader metadata may be corrupted.",
                [logged, "Notebook failed to validate; the nbgrader metadata may be corrupted."])
    assert outcome(CheckCellMetadata, notebook, caplog) == expected
    assert outcome(CheckCellMetadataOnce, notebook, caplog) == expected


def test_an_old_schema_version_is_nbgraders_error(notebook, caplog):
    graded_cell(notebook).metadata["nbgrader"]["schema_version"] = 1
    expected = ("SchemaTooOldError: Outdated schema version: 1 (expected 3)", [])
    assert outcome(CheckCellMetadata, notebook, caplog) == outcome(CheckCellMetadataOnce, notebook, caplog) == expected
    assert issubclass(SchemaTooOldError, Exception) and not issubclass(SchemaTooOldError, ValidationError)
