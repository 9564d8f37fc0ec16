"""The hidden checks as test cells call them: collect, judge, print, return the score.

Each `check_*` looks the answer up in the notebook, never raises for anything
the student did, prints one line per check and returns a plain float (at most
`points`), which must be the test cell's last expression so that nbgrader
records it as the cell's partial credit. A malformed expectation raises
`SpecError`: that is the instructor's mistake, not the student's. The
sandboxed grader reads the same call from the cell's source and runs the two
halves in two processes (see `checks`).
"""

from __future__ import annotations

import json

from ..judging.checks import facts_request, judge_facts, points_of
from .collect_facts import collect
from ..judging.hidden_call import HiddenCall
from ..judging.report import report


def _check(check: str, name: str, arguments: dict, namespace: dict | None) -> float:
    call = HiddenCall(check, name, arguments)
    request = facts_request(call)
    facts = json.loads(json.dumps(collect(request, namespace)))
    return report(name, judge_facts(call, facts, request), points_of(call))


def check_model(name: str, *, input_shape, layers, points: float, show_expected: bool = False,
                namespace: dict | None = None) -> float:
    """Score the Keras model called `name` against the architecture given.

    `show_expected=True` says the notebook already shows this network, so the grader's feedback may
    draw it beside the student's (drawn only by the sandboxed grader; the score does not depend on it).
    """
    return _check("check_model", name, dict(input_shape=input_shape, layers=layers, points=points), namespace)


def check_dense_forward(name: str, *, cases: list[dict], points: float, seed: int = 0,
                        namespace: dict | None = None) -> float:
    """Score a NumPy Dense forward pass against keras.layers.Dense on generated cases."""
    return _check("check_dense_forward", name, dict(cases=cases, points=points, seed=seed), namespace)


def check_returns(name: str, *, cases, points: float, what: str, namespace: dict | None = None) -> float:
    """Score a function on (args, kwargs, expected) cases."""
    return _check("check_returns", name, dict(cases=cases, points=points, what=what), namespace)


def check_model_builder(name: str, *, calls: list[dict], points: float, namespace: dict | None = None) -> float:
    """Score a function that builds a Sequential for a problem, on unseen arguments."""
    return _check("check_model_builder", name, dict(calls=calls, points=points), namespace)


def check_choices(name: str, *, expected: dict, points: float, kind: str, hints: dict | None = None,
                  namespace: dict | None = None) -> float:
    """Score a dict of choices (activation names or layer class names)."""
    return _check("check_choices", name, dict(expected=expected, points=points, kind=kind, hints=hints), namespace)
