"""Judge a function that returns a number, from what it returned on hidden calls."""

from __future__ import annotations

from ..shared.call_text import call_text
from ..shared.errors import SpecError
from .findings import Finding, judged


def returns_calls(cases) -> list[tuple[tuple, dict]]:
    """The (args, kwargs) of each (args, kwargs, expected) case."""
    try:
        return [(tuple(args), dict(kwargs)) for args, kwargs, _ in cases]
    except (TypeError, ValueError) as error:
        raise SpecError(f"check_returns cases are (args, kwargs, expected); got {cases!r}") from error


def judge_returns(name: str, facts: dict, cases, what: str) -> list[Finding]:
    """One finding per case, equal weights."""
    findings = []
    for number, ((args, kwargs), (_, _, expected), result) in enumerate(
            zip(returns_calls(cases), cases, facts["results"]), start=1):
        shown = call_text(name, args, kwargs)
        if "error" in result:
            ok, problem = False, f"raised {result['error']}"
        else:
            ok = result["number"] is not None and result["number"] == expected
            problem = f"returned {result['shown']}, which is not {what}"
        findings.append(judged(f"call {number}", 1.0 / len(cases), ok,
                               f"{shown} returned {what}.", f"{shown} {problem}."))
    return findings


def request(name: str, arguments: dict) -> dict:
    """check_returns asks for the function's results on the cases' arguments (never their expected values)."""
    return {"calls": [[list(args), kwargs] for args, kwargs in returns_calls(arguments["cases"])]}


def judge(name: str, facts: dict, arguments: dict, request: dict) -> list[Finding]:
    return judge_returns(name, facts, arguments["cases"], arguments["what"])
