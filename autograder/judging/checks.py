"""The hidden checks: what each asks the student's process for, and how it judges the answer.

Every check is two halves joined by plain JSON facts, listed once in
`autograder/shared/check_registry.py`: `facts_request` says what to collect
(run in the student's process by `collect_facts.collect`), `judge_facts`
turns the facts into findings (run wherever the grader is).
The in-kernel `check_*` functions and the sandboxed grader share both halves,
so a submission gets the same score either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..shared import check_registry
from ..shared.errors import SpecError
from .fact_schemas import fits
from .findings import Finding, failed
from .hidden_call import HiddenCall


@dataclass(frozen=True)
class Check:
    """The judging half of a registered check (autograder/shared/check_registry.py), resolved."""

    entry: check_registry.CheckEntry
    request: Callable[[str, dict], dict]
    judge: Callable[[str, dict, dict, dict], list[Finding]]


CHECKS = {entry.name: Check(entry, check_registry.resolve(entry.request, check_registry.JUDGING),
                            check_registry.resolve(entry.judge, check_registry.JUDGING))
          for entry in check_registry.CHECKS}


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
    missing = [p for p in check.entry.parameters if p not in call.arguments]
    if missing:
        raise SpecError(f"{call.check}({call.name!r}, ...) is missing {', '.join(missing)}")
    unknown = sorted(set(call.arguments) - set(check.entry.parameters) - set(check.entry.defaults))
    if unknown:
        raise SpecError(f"{call.check}({call.name!r}, ...) has no parameter {', '.join(unknown)}")
    points_of(call)
    try:
        extra = check.request(call.name, check.entry.arguments(call.arguments))
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
    check = CHECKS[call.check]
    return check.judge(name, facts, check.entry.arguments(call.arguments), request)
