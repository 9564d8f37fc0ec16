"""Turn values from student code into plain JSON data that cannot lie.

A `str` subclass whose `__eq__` is always True, an `int` whose `__float__`
says something else, a dict whose `__contains__` lies: each is read through
the base type's own methods, so what leaves the student's process is only
the underlying data. `type()` cannot be faked, `isinstance` can (`__class__`).
"""

from __future__ import annotations

import numbers
from builtins import issubclass, type  # bound now: a notebook that patches builtins does not reach these

import numpy as np


def type_name(value: object) -> str:
    """The type's name, with its module unless it is a builtin: 'list', '__main__.Sequential'."""
    kind = type(value)
    name = plain_str(getattr(kind, "__qualname__", None)) or "object"
    module = plain_str(getattr(kind, "__module__", None))
    return name if module in (None, "builtins") else f"{module}.{name}"


def plain_str(value: object) -> str | None:
    """The characters of a str (or str subclass), else None."""
    return str.__str__(value) if issubclass(type(value), str) else None


def plain_number(value: object) -> int | float | None:
    """The number a real int/float/NumPy scalar holds (never bool), else None."""
    kind = type(value)
    if kind is bool or issubclass(kind, np.bool_):
        return None
    if issubclass(kind, int):
        return int.__index__(value)
    if issubclass(kind, float):
        return float.__float__(value)
    if issubclass(kind, np.integer):
        return int(np.int64(value))
    if issubclass(kind, np.floating):
        return float(np.float64(value))
    if issubclass(kind, numbers.Number):
        return None
    return None


def plain_name(value: object) -> str | None:
    """A name a student gave: the text of a string, or the `__name__` of a function or class."""
    text = plain_str(value)
    if text is not None:
        return text
    if callable(value):
        try:
            return plain_str(getattr(value, "__name__", None))
        except Exception:  # noqa: BLE001 - a property that raises is no name
            return None
    return None


def short_repr(value: object, limit: int = 60) -> str:
    """A bounded repr for feedback; never trusts a custom __repr__ to be short or to work."""
    text = plain_str(value)
    if text is not None:
        shown = repr(text)
    else:
        number = plain_number(value)
        if number is not None:
            shown = repr(number)
        else:
            try:
                shown = plain_str(repr(value)) or type_name(value)
            except Exception:  # noqa: BLE001
                shown = f"<{type_name(value)}>"
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def plain_array(value: object) -> dict:
    """{'shape': [...], 'values': [...]} for anything array-like of numbers, NaN/inf as None."""
    array = np.asarray(value, dtype="float64")
    flat = array.ravel().tolist()  # Python floats; checked for NaN/inf in one pass, not one call per value
    finite = np.isfinite(array).ravel()
    if not finite.all():
        flat = [v if ok else None for v, ok in zip(flat, finite.tolist())]
    return {"shape": [int(n) for n in array.shape], "values": flat}
