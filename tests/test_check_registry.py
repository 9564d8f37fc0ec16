"""The one list of checks: every entry's halves resolve on their own side, and everything else derives from it."""

from __future__ import annotations

import inspect

import pytest

import autograder
from autograder.in_kernel import collect_facts, notebook_checks
from autograder.judging import checks, hidden_call
from autograder.shared import check_registry
from autograder.shared.check_registry import CHECKS, IN_KERNEL, JUDGING, resolve


@pytest.mark.parametrize("entry", CHECKS, ids=lambda entry: entry.name)
def test_each_half_resolves_on_its_own_side(entry):
    assert callable(resolve(entry.request, JUDGING)) and callable(resolve(entry.judge, JUDGING))
    assert callable(resolve(entry.collector, IN_KERNEL))
    with pytest.raises(ValueError, match=f"is not in {IN_KERNEL}: each side of a check resolves only its own half"):
        resolve(entry.judge, IN_KERNEL)
    with pytest.raises(ValueError, match=f"is not in {JUDGING}: each side of a check resolves only its own half"):
        resolve(entry.collector, JUDGING)


def test_the_other_lists_are_derived_from_the_registry():
    names = [entry.name for entry in CHECKS]
    assert list(hidden_call.CHECK_NAMES) == names
    assert list(checks.CHECKS) == names
    assert list(collect_facts._COLLECTORS) == names
    assert notebook_checks.__all__ == names
    assert set(names) <= set(autograder.__all__)


def test_notebooks_import_each_check_with_its_parameters():
    from autograder import check_choices, check_dense_forward, check_model, check_model_builder, check_returns

    assert str(inspect.signature(check_model)) == (
        "(name: str, *, input_shape, layers, points, show_expected=False, namespace=None) -> float")
    assert str(inspect.signature(check_dense_forward)) == (
        "(name: str, *, cases, points, seed=0, namespace=None) -> float")
    assert str(inspect.signature(check_choices)) == (
        "(name: str, *, expected, points, kind, hints=None, namespace=None) -> float")
    assert [f.__name__ for f in (check_returns, check_model_builder)] == ["check_returns", "check_model_builder"]
    assert check_model.__doc__ == check_registry.BY_NAME["check_model"].doc


def test_a_hidden_call_with_an_unknown_parameter_is_the_instructors_error():
    from autograder import SpecError, check_model

    with pytest.raises(SpecError, match=r"check_model\('model', \.\.\.\) has no parameter input_dim"):
        check_model("model", input_shape=(3,), layers=[(2, "sigmoid")], points=1, input_dim=3, namespace={})
