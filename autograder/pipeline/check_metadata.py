"""nbgrader's CheckCellMetadata with its JSON schema checked once, not once per cell.

nbgrader validates each cell's nbgrader metadata with `jsonschema.validate`, which first
checks the schema itself against the JSON Schema meta-schema: for a notebook of 16 cells,
checked twice per submission (sanitize and autograde), that was 80% of the validation's
cost and about a fifth of the grading process's time. `MetadataValidatorOnce` builds the
validator for nbgrader's (fixed) schema once per process and validates each cell with it:
the same checks, the same errors (jsonschema's best match, as `jsonschema.validate` raises).
"""

from __future__ import annotations

import traceback

import jsonschema
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata


_validators: dict[int, jsonschema.protocols.Validator] = {}  # by nbgrader schema version


class MetadataValidatorOnce(MetadataValidator):
    def validate_cell(self, cell) -> None:
        if "nbgrader" not in cell.metadata:
            return
        if cell.metadata["nbgrader"].get("schema_version", 0) != self.schema_version:
            return super().validate_cell(cell)  # nbgrader's SchemaTooOldError, SchemaTooNewError
        validator = _validators.get(self.schema_version)
        if validator is None:
            validator_class = jsonschema.validators.validator_for(self.schema)
            validator_class.check_schema(self.schema)  # what jsonschema.validate does first, here once
            validator = _validators[self.schema_version] = validator_class(self.schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class CheckCellMetadataOnce(CheckCellMetadata):
    """CheckCellMetadata (same checks, same log and error) with `MetadataValidatorOnce`."""

    def preprocess(self, nb, resources):
        try:
            MetadataValidatorOnce().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)  # noqa: B904 - as nbgrader raises it
        return nb, resources


def checked_once(steps: list) -> list:
    """nbgrader's list of converter steps with CheckCellMetadata replaced by CheckCellMetadataOnce."""
    return [CheckCellMetadataOnce if step is CheckCellMetadata else step for step in steps]
