"""Judge `dense_forward`'s outputs against what a Keras `Dense` layer computes.

The student's process reported what `dense_forward` returned on each generated
case; here the same cases are drawn again from the same seed and put through
a Dense layer's `activation(x @ kernel + bias)` with Keras's activations in
NumPy (`numpy_activations`, tested against Keras), never Keras itself, and
compared. Cases share the points equally.
"""

from __future__ import annotations

import numpy as np

from ..shared.dense_cases import make_cases
from .findings import Finding, judged
from .numpy_activations import ACTIVATIONS
from .reported_arrays import reported_array


def judge_dense_forward(name: str, facts: dict, cases: list[dict], seed: int = 0) -> list[Finding]:
    weight = 1.0 / max(len(cases), 1)
    findings = []
    for number, ((x, kernel, bias, activation), result) in enumerate(
            zip(make_cases(cases, seed), facts["results"]), start=1):
        where = _call_words(name, x, kernel, activation)
        problem = _compare(result, dense_layer(x, kernel, bias, activation))
        findings.append(judged(f"case {number}", weight, problem is None,
                               f"{where} matches a Keras Dense layer with the same weights.",
                               f"{where} {problem}."))
    return findings


def dense_layer(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, activation: str | None) -> np.ndarray:
    """What keras.layers.Dense(units, activation) computes with these weights."""
    return ACTIVATIONS[activation or "linear"](x @ kernel + bias)


def _call_words(name, x, kernel, activation) -> str:
    act = "" if activation is None else f", '{activation}'"
    sample = "one sample x" if x.ndim == 1 else "a batch x"
    return f"`{name}(x, kernel, bias{act})` with {sample} of shape {x.shape} and kernel {kernel.shape}"


def _compare(result: dict, expected: np.ndarray) -> str | None:
    if "error" in result:
        return f"raised {result['error']}"
    if "type" in result:
        return f"returned {result['type']}, not an array of numbers"
    shape = tuple(result["shape"])
    if shape != expected.shape:
        return f"returned shape {shape}; for this x a Dense layer gives shape {expected.shape}"
    got = reported_array(result)
    if got is None:
        return f"sent {len(result['values'])} values for shape {shape}: the grader's report was tampered with"
    difference = np.abs(got - expected)
    if not np.all(np.isfinite(got)) or not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        where = np.unravel_index(np.argmax(np.where(np.isfinite(difference), difference, np.inf)),
                                 difference.shape)
        return (f"returned values that differ from a Keras Dense layer with the same weights "
                f"(largest difference {float(difference[where]):.3g} at index {tuple(int(i) for i in where)})")
    return None


def request(name: str, arguments: dict) -> dict:
    """check_dense_forward asks for the function's results on the cases drawn from the call's seed."""
    return {"cases": list(arguments["cases"]), "seed": int(arguments["seed"])}


def judge(name: str, facts: dict, arguments: dict, request: dict) -> list[Finding]:
    return judge_dense_forward(name, facts, arguments["cases"], request["seed"])
