"""The grader recomputes a reported model from its reported weights: a forged report must add up.

Each test collects the facts of a real Keras model, as the student's process
would, then changes them the way a notebook that forges its report could, and
judges them in this process as the grader does.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from autograder.in_kernel.collect_facts import collect
from autograder.judging.checks import facts_request, judge_facts
from autograder.judging.findings import score
from autograder.judging.hidden_call import HiddenCall
from autograder.judging.numpy_activations import ACTIVATIONS
from autograder.shared.probe_inputs import probe_batch

CALL = HiddenCall("check_model", "model", dict(input_shape=(3,), layers=[(5, "relu"), (4, "relu"), (2, "sigmoid")],
                                               points=6))
MISMATCH = ("`model` computes something other than its layers' activation(x @ kernel + bias) on new inputs, "
            "so its layers cannot be graded.")


def _model(output_activation: str = "sigmoid"):
    import keras

    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                             keras.layers.Dense(4, activation="relu"),
                             keras.layers.Dense(2, activation=output_activation)])


@pytest.fixture(scope="module")
def softmax_report():
    """A model with a softmax output (one activation wrong), its request and its honest facts."""
    request = facts_request(CALL)
    return request, collect(request, {"model": _model("softmax")})


def judged(request, facts) -> tuple[float, list[str]]:
    findings = judge_facts(CALL, facts, request)
    return score(findings, 6), [f.text for f in findings if not f.passed]


def test_honest_report_scores_what_the_model_is(softmax_report):
    request, facts = softmax_report
    assert judged(request, facts) == (5.67, [
        "Layer 3 (Dense) of `model` uses activation 'softmax'; this output should give an independent probability "
        "between 0 and 1 for each of its 2 units."])


def test_a_perfect_description_over_the_real_outputs_scores_zero(softmax_report):
    request, facts = softmax_report
    forged = copy.deepcopy(facts)
    forged["layers"][2]["activation"] = "sigmoid"
    assert judged(request, forged) == (0.0, [MISMATCH])


def test_outputs_kept_from_another_run_score_zero(softmax_report):
    request, facts = softmax_report
    assert judged({**request, "seed": request["seed"] + 1}, facts) == (0.0, [MISMATCH])


def test_missing_weights_score_zero(softmax_report):
    request, facts = softmax_report
    forged = copy.deepcopy(facts)
    forged["layers"][1]["weights"] = None
    assert judged(request, forged) == (0.0, [
        "`model` did not report its layers' weights, so its layers cannot be graded."])


def test_weights_that_do_not_fit_the_units_score_zero(softmax_report):
    request, facts = softmax_report
    forged = copy.deepcopy(facts)
    forged["layers"][1]["units"] = 6
    assert judged(request, forged) == (0.0, [
        "`model` reports weights for layer 2 that do not fit its 6 units, so its layers cannot be graded."])


def test_values_that_do_not_fill_their_shape_score_zero(softmax_report):
    request, facts = softmax_report
    forged = copy.deepcopy(facts)
    forged["behaviour"]["outputs"]["values"].pop()
    assert judged(request, forged) == (0.0, [MISMATCH])


def test_a_model_that_raises_on_new_inputs_scores_zero():
    import keras

    class Picky(keras.layers.Layer):
        def compute_output_shape(self, input_shape):
            return input_shape

        def call(self, inputs):
            raise ValueError("only the inputs I saw")

    request = facts_request(CALL)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2, activation="sigmoid")])
    model.add(Picky())
    facts = collect(request, {"model": model})
    assert judged(request, facts) == (0.0, [
        "`model` raised ValueError: Exception encountered when calling Picky.call() when given a batch of 7 rows "
        "of 3 values, so its layers cannot be graded."])


def test_a_report_whose_weights_give_its_outputs_is_a_correct_network():
    """The design's limit: writing down a correct network's weights and outputs is writing a correct network."""
    request = facts_request(CALL)
    x = probe_batch(request["seed"], (3,)).astype("float64")
    sizes, layers, out = [3, 5, 4, 2], [], x
    for n_in, units, activation in zip(sizes, sizes[1:], ["relu", "relu", "sigmoid"]):
        kernel, bias = np.full((n_in, units), 0.1), np.zeros(units)
        out = ACTIVATIONS[activation](out @ kernel + bias)
        layers.append({"kind": "Dense", "units": units, "activation": activation, "use_bias": True,
                       "weights": {"kernel": {"shape": [n_in, units], "values": kernel.ravel().tolist()},
                                   "bias": {"shape": [units], "values": bias.tolist()}}})
    forged = {"kind": "model", "class_name": "Sequential", "input_shape": [3], "layers": layers,
              "behaviour": {"outputs": {"shape": list(out.shape), "values": out.ravel().tolist()}}}
    assert judged(request, forged) == (6.0, [])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_the_graders_numpy_activation_matches_keras(name):
    import keras

    x = np.random.default_rng(0).normal(scale=3.0, size=(7, 5)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras.activations.get(name)(x))
    assert np.allclose(ACTIVATIONS[name](x.astype("float64")), expected, rtol=1e-5, atol=1e-6)
