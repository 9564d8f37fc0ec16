"""The generated cases of the dense_forward task.

Both sides draw the same arrays from the same seed: the student's process to
call `dense_forward` on them, the grader to compute what a Keras `Dense` layer
gives with those weights (`judging.judge_dense_forward`).
"""

from __future__ import annotations

import numpy as np

from .errors import SpecError

ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax")


def make_cases(cases: list[dict], seed: int) -> list[tuple]:
    """[(x, kernel, bias, activation)] for each case, in order, from one seeded generator."""
    rng = np.random.default_rng(seed)
    return [_make_case(case, rng) for case in cases]


def _make_case(case: dict, rng: np.random.Generator) -> tuple:
    try:
        batch, n_in, units = case.get("batch"), int(case["n_in"]), int(case["units"])
        activation = case.get("activation")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SpecError(f"a dense_forward case needs n_in, units, batch and activation; got {case!r}") from error
    if activation is not None and activation not in ACTIVATIONS:
        raise SpecError(f"unknown activation {activation!r} in dense_forward case {case!r}")
    x_shape = (n_in,) if batch is None else (int(batch), n_in)
    return rng.normal(size=x_shape), rng.normal(size=(n_in, units)), rng.normal(size=(units,)), activation


def call_args(x, kernel, bias, activation) -> tuple:
    """The arguments `dense_forward` is called with (the default activation when None)."""
    return (x.copy(), kernel.copy(), bias.copy()) + (() if activation is None else (activation,))

