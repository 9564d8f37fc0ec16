"""autograder: inspect and judge Keras course submissions inside nbgrader.

Test cells call `expect_*` (visible, form only) and `check_*` (hidden, scored);
see `notebook_checks` and `visible_checks`. The package holds the judging
logic only: every expectation comes from the hidden test cell that calls it.
Names are imported on first use, so tools that need one module (nbgrader's
config, the batch grader) do not pay for NumPy and Keras up front.
"""

from importlib import import_module

from .shared.check_registry import NAMES as _CHECK_NAMES

_EXPORTS = {
    "SpecError": "shared.errors",
    **dict.fromkeys(_CHECK_NAMES, "in_kernel.notebook_checks"),
    "expect_callable": "in_kernel.visible_checks",
    "expect_dict": "in_kernel.visible_checks",
    "expect_model": "in_kernel.visible_checks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'autograder' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
