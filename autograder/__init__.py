"""autograder: inspect and judge Keras course submissions inside nbgrader.

Test cells call `expect_*` (visible, form only) and `check_*` (hidden, scored);
see `notebook_checks` and `visible_checks`. The package holds the judging
logic only: every expectation comes from the hidden test cell that calls it.
"""

from .errors import SpecError
from .notebook_checks import (check_choices, check_dense_forward, check_model, check_model_builder,
                              check_returns)
from .visible_checks import expect_callable, expect_dict, expect_model

__all__ = [
    "SpecError",
    "check_choices",
    "check_dense_forward",
    "check_model",
    "check_model_builder",
    "check_returns",
    "expect_callable",
    "expect_dict",
    "expect_model",
]
