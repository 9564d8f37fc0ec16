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

import inspect
import json

from ..judging.checks import facts_request, judge_facts, points_of
from ..judging.hidden_call import HiddenCall
from ..judging.report import report
from ..shared.check_registry import CHECKS, CheckEntry
from .collect_facts import collect


def _check(check: str, name: str, arguments: dict, namespace: dict | None) -> float:
    call = HiddenCall(check, name, arguments)
    request = facts_request(call)
    facts = json.loads(json.dumps(collect(request, namespace)))
    return report(name, judge_facts(call, facts, request), points_of(call))


def _notebook_check(entry: CheckEntry):
    """The function a test cell calls for `entry`: `check(name, **arguments, namespace=None) -> float`."""

    def check(name: str, *, namespace: dict | None = None, **arguments) -> float:
        return _check(entry.name, name, arguments, namespace)

    keyword = inspect.Parameter.KEYWORD_ONLY
    check.__name__ = check.__qualname__ = entry.name
    check.__doc__ = entry.doc
    check.__signature__ = inspect.Signature(
        [inspect.Parameter("name", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str)]
        + [inspect.Parameter(p, keyword) for p in entry.parameters]
        + [inspect.Parameter(p, keyword, default=v) for p, v in entry.defaults.items()]
        + [inspect.Parameter("namespace", keyword, default=None)], return_annotation=float)
    return check


globals().update({entry.name: _notebook_check(entry) for entry in CHECKS})
__all__ = [entry.name for entry in CHECKS]
