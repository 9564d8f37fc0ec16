"""Reach the student's names and call the student's code without trusting it.

A missing name is explained from the notebook's own history (the error raised
by the cell that assigns it), and a call into student code turns any exception
into a sentence, with the student's prints and warnings kept out of the test
cell (nbgrader gives 0 to a grade cell with anything on stderr).
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import sys
import warnings
from dataclasses import dataclass
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class Lookup:
    value: Any = None
    problem: str = ""

    @property
    def found(self) -> bool:
        return not self.problem


def notebook_namespace() -> dict:
    """The namespace the notebook's cells run in (IPython's user_ns, else __main__)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        return shell.user_ns
    return vars(sys.modules["__main__"])


def lookup(name: str, namespace: dict | None = None) -> Lookup:
    """The value of `name`, or a sentence saying why it is not there."""
    namespace = notebook_namespace() if namespace is None else namespace
    value = namespace.get(name, _MISSING)
    if value is not _MISSING:
        return Lookup(value)
    return Lookup(problem=explain_missing(name, namespace))


def explain_missing(name: str, namespace: dict) -> str:
    error = getattr(sys, "last_value", None)
    if error is not None and _raised_in_cell_assigning(error, name):
        return (f"`{name}` is not defined: the cell that builds it raised "
                f"{describe_error(error)}")
    cells = [cell for cell in namespace.get("In", []) if isinstance(cell, str)]
    if any(_assigns(cell, name) for cell in cells):
        return f"`{name}` is not defined: the cell that assigns it did not run to the end."
    return f"`{name}` is not defined: no cell assigns it; the task asks for a name `{name}`."


def describe_error(error: BaseException) -> str:
    """'ValueError: message' on one line (the first line, without a final full stop)."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0].rstrip('.')}" if lines else type(error).__name__


def _raised_in_cell_assigning(error: BaseException, name: str) -> bool:
    """Whether the outermost notebook cell in the error's traceback assigns `name`."""
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        source = "".join(linecache.getlines(filename))
        if source and _looks_like_cell(filename):
            return _assigns(source, name)
        tb = tb.tb_next
    return False


def _looks_like_cell(filename: str) -> bool:
    return filename.startswith("<ipython-input") or "ipykernel_" in filename or "<cell" in filename


def _assigns(source: str, name: str) -> bool:
    """Whether top-level code in `source` binds `name` (assignment, def, class, import)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return name in source
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == name:
            return True
        if isinstance(node, ast.alias) and (node.asname or node.name).split(".")[0] == name:
            return True
    return False


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def raised(self) -> bool:
        return self.error is not None


def call(function, *args, **kwargs) -> Outcome:
    """Call student code; its exception becomes data, its output goes nowhere."""
    with quiet():
        try:
            return Outcome(function(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - any failure of student code is feedback
            return Outcome(error=error)


@contextlib.contextmanager
def quiet():
    """Silence prints and warnings from student code and Keras while checks run."""
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        yield


