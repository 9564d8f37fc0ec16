"""The hidden checks: what each asks the student's process for, and how it judges the answer.

Every check is two halves joined by plain JSON facts: `facts_request` says
what to collect (run in the student's process by `collect_facts.collect`),
`judge_facts` turns the facts into findings (run wherever the grader is).
The in-kernel `check_*` functions and the sandboxed grader share both halves,
so a submission gets the same score either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..shared.errors import SpecError
from .fact_schemas import fits
from .findings import Finding, failed
from .hidden_call import HiddenCall
from .judge_choices import choice_keys, judge_choices
from .judge_dense_forward import judge_dense_forward
from .judge_model import judge_model, validate_spec
from .judge_model_builder import builder_calls, judge_model_builder
from .judge_returns import judge_returns, returns_calls
from ..shared.probe_inputs import new_seed


@dataclass(frozen=True)
class Check:
    request: Callable[[str, dict], dict]
    judge: Callable[[str, dict, dict, dict], list[Finding]]
    parameters: tuple[str, ...]


def _model_request(name, a):
    shape, _ = validate_spec(a["input_shape"], a["layers"])
    return {"n_inputs": shape[0], "seed": new_seed()}


def _builder_request(name, a):
    calls = builder_calls(a["calls"])
    return {"calls": [list(c.args) for c in calls], "widths": [c.n_features for c in calls], "seed": new_seed()}


CHECKS = {
    "check_model": Check(
        _model_request,
        lambda name, facts, a, r: judge_model(f"`{name}`", facts, a["input_shape"], a["layers"], r["seed"]),
        ("input_shape", "layers", "points")),
    "check_dense_forward": Check(
        lambda name, a: {"cases": list(a["cases"]), "seed": int(a.get("seed", 0))},
        lambda name, facts, a, r: judge_dense_forward(name, facts, a["cases"], r["seed"]),
        ("cases", "points")),
    "check_returns": Check(
        lambda name, a: {"calls": [[list(args), kwargs] for args, kwargs in returns_calls(a["cases"])]},
        lambda name, facts, a, r: judge_returns(name, facts, a["cases"], a["what"]),
        ("cases", "points", "what")),
    "check_model_builder": Check(
        _builder_request,
        lambda name, facts, a, r: judge_model_builder(name, facts, builder_calls(a["calls"]), r["seed"]),
        ("calls", "points")),
    "check_choices": Check(
        lambda name, a: {"keys": choice_keys(a["expected"], a["kind"])},
        lambda name, facts, a, r: judge_choices(name, facts, a["expected"], a["kind"], a.get("hints")),
        ("expected", "points", "kind")),
}


def points_of(call: HiddenCall) -> float:
    points = call.arguments.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        raise SpecError(f"{call.check}({call.name!r}, ...) needs points=<a positive number>, got {points!r}")
    return float(points)


def facts_request(call: HiddenCall) -> dict:
    """What the student's process must collect for this check; checks the instructor's arguments."""
    check = CHECKS.get(call.check)
    if check is None:
        raise SpecError(f"unknown check {call.check!r}")
    missing = [p for p in check.parameters if p not in call.arguments]
    if missing:
        raise SpecError(f"{call.check}({call.name!r}, ...) is missing {', '.join(missing)}")
    points_of(call)
    try:
        extra = check.request(call.name, call.arguments)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise SpecError(f"{call.check}({call.name!r}, ...) has malformed arguments: {error}") from error
    return {"check": call.check, "name": call.name, **extra}


def judge_facts(call: HiddenCall, facts: object, request: dict) -> list[Finding]:
    """Findings from the facts the student's process reported for `request` (validated, never trusted)."""
    name = call.name
    if not fits(call.check, facts):
        return [failed("facts", 1.0, f"The grader could not read what your notebook reported about `{name}`: "
                                     f"something in it replaced or broke the grader's code.")]
    kind = facts["kind"]
    if kind == "undefined":
        return [failed("defined", 1.0, facts["problem"])]
    if kind == "not_model":
        return [failed("model", 1.0, f"`{name}` is a {facts['type']}, not a Keras model: build it with "
                                     f"`Sequential()` and `Dense` layers.")]
    if kind == "broken_model":
        return [failed("model", 1.0, f"`{name}` cannot be inspected as a Keras model: {facts['problem']}.")]
    if kind == "not_callable":
        return [failed("callable", 1.0, f"`{name}` is a {facts['type']}; the task asks for a function.")]
    return CHECKS[call.check].judge(name, facts, call.arguments, request)
