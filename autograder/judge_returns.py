"""Judge a function that returns a number, on calls the notebook never shows."""

from __future__ import annotations

import numbers

from .errors import SpecError
from .findings import Finding, judged
from .student_code import call, call_text, describe_error


def judge_returns(name: str, function, cases, what: str) -> list[Finding]:
    """One finding per (args, kwargs, expected) case, equal weights."""
    findings = []
    for number, case in enumerate(cases, start=1):
        try:
            args, kwargs, expected = case
            args, kwargs = tuple(args), dict(kwargs)
        except (TypeError, ValueError) as error:
            raise SpecError(f"check_returns cases are (args, kwargs, expected); got {case!r}") from error
        shown = call_text(name, args, kwargs)
        outcome = call(function, *args, **kwargs)
        if outcome.raised:
            ok, problem = False, f"raised {describe_error(outcome.error)}"
        else:
            ok = _same_number(outcome.value, expected)
            problem = f"returned {outcome.value!r}, which is not {what}"
        findings.append(judged(f"call {number}", 1.0 / len(cases), ok,
                               f"{shown} returned {what}.", f"{shown} {problem}."))
    return findings


def _same_number(value, expected) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return False
    return type(value).__eq__(value, expected) is True or float(value) == float(expected)
