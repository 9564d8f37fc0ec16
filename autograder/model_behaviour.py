"""Run a model on inputs the student never saw and compare with its own layers.

The reference is each described layer's math (`activation(x @ kernel + bias)`)
applied in turn with NumPy, so a model passes when it computes exactly what its
description says: nothing hidden in custom or Lambda layers, finite outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .describe_model import ModelFacts
from .student_code import describe_error

BATCH = 7


@dataclass(frozen=True)
class Behaviour:
    ok: bool
    problem: str = ""


def check_behaviour(model, facts: ModelFacts, n_inputs: int, seed: int = 1234) -> Behaviour:
    """Feed a random batch of `n_inputs`-wide rows and compare with the layers' math."""
    import keras

    x = np.random.default_rng(seed).normal(size=(BATCH, n_inputs)).astype("float32")
    try:
        got = keras.ops.convert_to_numpy(model(x, training=False))
    except Exception as error:  # noqa: BLE001 - the student's model, any failure is feedback
        return Behaviour(False, f"raised {describe_error(error)} when given a batch of "
                                f"{BATCH} rows of {n_inputs} values")
    if got.ndim != 2 or got.shape[0] != BATCH:
        return Behaviour(False, f"returned shape {tuple(got.shape)} for a batch of shape "
                                f"{x.shape}; a stack of Dense layers gives one row per input row")
    if not np.all(np.isfinite(got)):
        return Behaviour(False, "returned values that are not finite (nan or inf)")
    expected = _layers_math(facts, x)
    if expected is None:
        return Behaviour(True)
    if expected.shape != got.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        return Behaviour(False, "computes something other than its layers' "
                                "activation(x @ kernel + bias) on new inputs")
    return Behaviour(True)


def _layers_math(facts: ModelFacts, x: np.ndarray) -> np.ndarray | None:
    """The output predicted from the layers' weights, or None if a layer is not a Dense one."""
    import keras

    out = x.astype("float64")
    for layer in facts.layers:
        if layer.kind != "Dense":
            return None
        weights = layer.layer.get_weights()
        out = out @ weights[0]
        if layer.use_bias:
            out = out + weights[1]
        try:
            function = keras.activations.get(layer.activation)
        except Exception:  # noqa: BLE001 - an activation we cannot name: no reference
            return None
        out = keras.ops.convert_to_numpy(function(out.astype("float32"))).astype("float64")
    return out

