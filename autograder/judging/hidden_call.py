"""Read the hidden check a test cell makes, from the cell's trusted source.

A test cell ends with one `check_*(name, **literal_arguments)` call; this
finds it with `ast` and evaluates only literals, so the grader knows exactly
which check and which expectations the instructor wrote, without running the
cell. A test cell it cannot read is the instructor's error.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..shared.check_registry import NAMES as CHECK_NAMES
from ..shared.errors import SpecError


@dataclass(frozen=True)
class HiddenCall:
    check: str
    name: str
    arguments: dict


def parse_hidden_call(source: str, where: str = "test cell") -> HiddenCall:
    """The single autograder check the cell's last expression calls."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise SpecError(f"{where}: the test cell is not valid Python ({error.msg}, line {error.lineno})") from error
    last = tree.body[-1] if tree.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        raise SpecError(f"{where}: the test cell must end with one check_*(...) call as its last expression")
    call = last.value
    function = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
    if function not in CHECK_NAMES:
        raise SpecError(f"{where}: the last expression calls {function!r}, not one of {', '.join(CHECK_NAMES)}")
    try:
        positional = [ast.literal_eval(arg) for arg in call.args]
        keywords = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    except ValueError as error:
        raise SpecError(f"{where}: every argument of {function}(...) must be a literal ({error})") from error
    if len(positional) != 1 or not isinstance(positional[0], str) or None in keywords:
        raise SpecError(f"{where}: call {function}('name', key=value, ...) with the answer's name first")
    return HiddenCall(function, positional[0], keywords)


def is_check_cell(source: str) -> bool:
    """Whether the cell's last expression is an autograder check call (without judging it)."""
    try:
        parse_hidden_call(source)
    except SpecError:
        return False
    return True
