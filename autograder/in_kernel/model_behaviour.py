"""Run a model on the grader's probe batch and report what came out, with its layers' weights.

This half runs in the student's process and gives no verdict: the outputs for
the batch drawn from the grader's seed, and each Dense layer's kernel and bias.
The grader recomputes what those layers give on the same batch
(`judge_behaviour`), so a model passes only when it computes exactly what its
description says, and a description the notebook forged must come with
outputs that the forged layers really produce.
"""

from __future__ import annotations

from ..shared.probe_inputs import MAX_WEIGHTS, batch_words, probe_batch, probe_dims
from . import plain_data
from .describe_model import ModelFacts
from .student_code import describe_error


def probe_model(model, facts: ModelFacts, default_width: int, seed: int) -> tuple[dict, list]:
    """({'outputs': array} or {'error': sentence}, each layer's weights or None)."""
    import keras

    dims = probe_dims(facts.input_shape, default_width)
    try:
        got = keras.ops.convert_to_numpy(model(probe_batch(seed, dims), training=False))
        behaviour = {"outputs": plain_data.plain_array(got)}
    except Exception as error:  # noqa: BLE001 - the student's model, any failure is feedback
        behaviour = {"error": f"raised {describe_error(error)} when given {batch_words(dims)}"}
    return behaviour, _weights(facts)


def _weights(facts: ModelFacts) -> list:
    weights = []
    for layer in facts.layers:
        arrays = None
        if layer.kind == "Dense":
            try:
                arrays = layer.layer.get_weights()
            except Exception:  # noqa: BLE001 - an unbuilt or broken layer has no weights to report
                arrays = None
        weights.append(arrays)
    total = sum(int(a.size) for arrays in weights if arrays for a in arrays if hasattr(a, "size"))
    if total > MAX_WEIGHTS:
        return [None] * len(weights)
    return [None if not arrays else {"kernel": plain_data.plain_array(arrays[0]),
                                     "bias": plain_data.plain_array(arrays[1]) if len(arrays) > 1 else None}
            for arrays in weights]
