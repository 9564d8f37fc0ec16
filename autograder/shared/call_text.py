"""How a call looks in feedback, on both sides of the boundary: `dense_param_count(7, 3, use_bias=False)`."""

from __future__ import annotations


def call_text(name: str, args: tuple = (), kwargs: dict | None = None) -> str:
    """How a call looks in feedback: `dense_param_count(7, 3, use_bias=False)`."""
    parts = [_short_repr(a) for a in args]
    parts += [f"{k}={_short_repr(v)}" for k, v in (kwargs or {}).items()]
    return f"`{name}({', '.join(parts)})`"


def _short_repr(value) -> str:
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, (int, float, str)):
        return f"<array of shape {tuple(shape)}>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
