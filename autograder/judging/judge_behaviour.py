"""Judge a model's reported behaviour: do its reported layers give its reported outputs?

The grader draws the probe batch from the seed it chose, runs it through the
reported layers with NumPy (`activation(x @ kernel + bias)` per Dense layer)
and compares with what the student's process said the model returned. A model
that fails has a description that cannot be trusted, so its check scores 0: a
notebook gains nothing by making its model say something else than what it
computes. No reference is possible for layers other than Dense and activation
layers, or for an activation the grader does not know; such a model must
still run and give finite outputs.
"""

from __future__ import annotations

import numpy as np

from ..shared.probe_inputs import MAX_WEIGHTS, probe_batch, probe_dims
from .numpy_activations import ACTIVATIONS
from .reported_arrays import reported_array

MISMATCH = "computes something other than its layers' activation(x @ kernel + bias) on new inputs"


def behaviour_problem(facts: dict, default_width: int, seed: int) -> str | None:
    """What is wrong with how the model ran (a phrase after its name), or None."""
    behaviour = facts.get("behaviour")
    if behaviour is None:
        return "did not report what it returns on new inputs"
    if "error" in behaviour:
        return behaviour["error"]
    got = reported_array(behaviour["outputs"])
    if got is None:
        return MISMATCH
    if not np.all(np.isfinite(got)):
        return "returned values that are not finite (nan or inf) on new inputs"
    expected = _reference(facts["layers"], probe_batch(seed, probe_dims(facts["input_shape"], default_width)))
    if isinstance(expected, str):
        return expected
    if expected is not None and (expected.shape != got.shape
                                 or not np.allclose(got, expected, rtol=1e-4, atol=1e-5)):
        return MISMATCH
    return None


def _reference(layers: list[dict], x: np.ndarray) -> np.ndarray | str | None:
    """The reported layers' output for `x`; a problem sentence; or None when there is no reference."""
    out, count = x.astype("float64"), 0
    for number, layer in enumerate(layers, start=1):
        activation = ACTIVATIONS.get(layer["activation"])
        if activation is None:
            return None
        if layer["kind"] == "Dense":
            units = layer["units"] or 0
            count += (out.shape[-1] + 1) * units
            weights = layer.get("weights")
            if weights is None:
                return None if count > MAX_WEIGHTS else "did not report its layers' weights"
            kernel = reported_array(weights["kernel"])
            bias = None if weights["bias"] is None else reported_array(weights["bias"])
            if (kernel is None or kernel.shape != (out.shape[-1], units)
                    or (bias is not None and bias.shape != (units,)) or (bias is None) == bool(layer["use_bias"])):
                return f"reports weights for layer {number} that do not fit its {units} units"
            out = out @ kernel + (0.0 if bias is None else bias)
        elif layer["units"] is not None:
            return None
        out = activation(out)
    return out
