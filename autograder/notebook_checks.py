"""The hidden checks that test cells call: judge one task, print, return its score.

Each `check_*` looks the answer up in the notebook, never raises for anything
the student did, prints one line per check and returns a plain float (at most
`points`), which must be the test cell's last expression so that nbgrader
records it as the cell's partial credit. A malformed expectation raises
`SpecError`: that is the instructor's mistake, not the student's.
"""

from __future__ import annotations

from .describe_model import describe_model, is_keras_model
from .findings import Finding, failed
from .judge_choices import judge_choices
from .judge_dense_forward import judge_dense_forward
from .judge_model import judge_model, validate_spec
from .judge_model_builder import judge_model_builder
from .judge_returns import judge_returns
from .model_behaviour import check_behaviour
from .report import report
from .student_code import lookup, quiet


def check_model(name: str, *, input_shape, layers, points: float, namespace: dict | None = None) -> float:
    """Score the Keras model called `name` against the architecture given."""
    shape, _ = validate_spec(input_shape, layers)
    found = lookup(name, namespace)
    if not found.found:
        return report(name, [failed("defined", 1.0, found.problem)], points)
    model = found.value
    if not is_keras_model(model):
        return report(name, [failed("model", 1.0, f"`{name}` is a {type(model).__name__}, not a Keras "
                                                  f"model: build it with `Sequential()` and `Dense` layers.")],
                      points)
    with quiet():
        facts = describe_model(model)
        n_inputs = facts.input_shape[0] if facts.input_shape and len(facts.input_shape) == 1 else shape[0]
        behaviour = check_behaviour(model, facts, n_inputs)
    return report(name, judge_model(f"`{name}`", facts, input_shape, layers, behaviour), points)


def check_dense_forward(name: str, *, cases: list[dict], points: float, seed: int = 0,
                        namespace: dict | None = None) -> float:
    """Score a NumPy Dense forward pass against keras.layers.Dense on generated cases."""
    return _check_callable(name, points, namespace, lambda f: judge_dense_forward(name, f, cases, seed))


def check_returns(name: str, *, cases, points: float, what: str, namespace: dict | None = None) -> float:
    """Score a function on (args, kwargs, expected) cases."""
    return _check_callable(name, points, namespace, lambda f: judge_returns(name, f, cases, what))


def check_model_builder(name: str, *, calls: list[dict], points: float, namespace: dict | None = None) -> float:
    """Score a function that builds a Sequential for a problem, on unseen arguments."""
    return _check_callable(name, points, namespace, lambda f: judge_model_builder(name, f, calls))


def check_choices(name: str, *, expected: dict, points: float, kind: str, hints: dict | None = None,
                  namespace: dict | None = None) -> float:
    """Score a dict of choices (activation names or layer class names)."""
    found = lookup(name, namespace)
    if not found.found:
        return report(name, [failed("defined", 1.0, found.problem)], points)
    return report(name, judge_choices(name, found.value, expected, kind, hints), points)


def _check_callable(name, points, namespace, judge) -> float:
    found = lookup(name, namespace)
    if not found.found:
        return report(name, [failed("defined", 1.0, found.problem)], points)
    if not callable(found.value):
        return report(name, [failed("callable", 1.0, f"`{name}` is a {type(found.value).__name__}; "
                                                     f"the task asks for a function.")], points)
    findings: list[Finding] = judge(found.value)
    return report(name, findings, points)
