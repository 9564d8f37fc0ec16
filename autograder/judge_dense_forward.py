"""Judge a student's `dense_forward` against a real `keras.layers.Dense`.

Each case draws a fresh input, kernel and bias from a seeded generator (shapes
the notebook never shows), gives the same weights to a Keras Dense layer, and
compares the outputs. Cases share the points equally.
"""

from __future__ import annotations

import numpy as np

from .errors import SpecError
from .findings import Finding, judged
from .student_code import call, describe_error

ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax")


def make_case(case: dict, rng: np.random.Generator):
    """The arrays of one case: x (1-D or batch), kernel, bias."""
    try:
        batch, n_in, units = case.get("batch"), int(case["n_in"]), int(case["units"])
        activation = case.get("activation")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SpecError(f"a dense_forward case needs n_in, units, batch and activation; got {case!r}") from error
    if activation is not None and activation not in ACTIVATIONS:
        raise SpecError(f"unknown activation {activation!r} in dense_forward case {case!r}")
    x_shape = (n_in,) if batch is None else (int(batch), n_in)
    x = rng.normal(size=x_shape)
    kernel = rng.normal(size=(n_in, units))
    bias = rng.normal(size=(units,))
    return x, kernel, bias, activation


def keras_dense(x, kernel, bias, activation) -> np.ndarray:
    """What keras.layers.Dense computes with these weights."""
    import keras

    layer = keras.layers.Dense(kernel.shape[1], activation=activation or "linear")
    rows = x[None, :] if x.ndim == 1 else x
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel.astype("float32"), bias.astype("float32")])
    out = keras.ops.convert_to_numpy(layer(rows.astype("float32")))
    return out[0] if x.ndim == 1 else out


def judge_dense_forward(name: str, function, cases: list[dict], seed: int = 0) -> list[Finding]:
    rng = np.random.default_rng(seed)
    weight = 1.0 / max(len(cases), 1)
    findings = []
    for number, case in enumerate(cases, start=1):
        x, kernel, bias, activation = make_case(case, rng)
        args = (x.copy(), kernel.copy(), bias.copy()) + (() if activation is None else (activation,))
        where = _call_words(name, x, kernel, activation)
        expected = keras_dense(x, kernel, bias, activation)
        outcome = call(function, *args)
        problem = _compare(outcome, expected) if not outcome.raised else f"raised {describe_error(outcome.error)}"
        findings.append(judged(f"case {number}", weight, problem is None,
                               f"{where} matches a Keras Dense layer with the same weights.",
                               f"{where} {problem}."))
    return findings


def _call_words(name, x, kernel, activation) -> str:
    act = "" if activation is None else f", '{activation}'"
    sample = "one sample x" if x.ndim == 1 else "a batch x"
    return f"`{name}(x, kernel, bias{act})` with {sample} of shape {x.shape} and kernel {kernel.shape}"


def _compare(outcome, expected: np.ndarray) -> str | None:
    try:
        got = np.asarray(outcome.value, dtype="float64")
    except (TypeError, ValueError):
        return f"returned {type(outcome.value).__name__}, not an array of numbers"
    if got.shape != expected.shape:
        return (f"returned shape {got.shape}; for this x a Dense layer gives shape {expected.shape}")
    difference = np.abs(got - expected)
    if not np.all(np.isfinite(got)) or not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        where = np.unravel_index(np.nanargmax(np.where(np.isfinite(difference), difference, np.inf)),
                                 difference.shape)
        return (f"returned values that differ from a Keras Dense layer with the same weights "
                f"(largest difference {float(difference[where]):.3g} at index {tuple(int(i) for i in where)})")
    return None
