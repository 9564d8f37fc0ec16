"""Checks of functions and dicts: dense_forward, returns, choices, model builders."""

from __future__ import annotations

import pytest

from autograder import check_choices, check_dense_forward, check_model_builder, check_returns

CASES = [{"batch": batch, "n_in": n_in, "units": units, "activation": activation}
         for batch, n_in, units in [(None, 4, 3), (6, 7, 5)]
         for activation in ["linear", "relu", "sigmoid", "tanh", "softmax"]]

DENSE_FORWARD = """
import numpy as np

def dense_forward(x, kernel, bias, activation="linear"):
    z = x @ kernel + bias
    if activation == "relu":
        return np.maximum(z, 0)
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return z
"""


def test_dense_forward_correct(run_check):
    assert run_check(DENSE_FORWARD, check_dense_forward, "dense_forward", cases=CASES, points=5) == (5.0, [])


def test_dense_forward_softmax_over_wrong_axis_loses_the_batch_case(run_check):
    code = DENSE_FORWARD.replace("e.sum(axis=-1, keepdims=True)", "e.sum(axis=0, keepdims=True)")
    assert run_check(code, check_dense_forward, "dense_forward", cases=CASES, points=5) == (4.5, [
        "`dense_forward(x, kernel, bias, 'softmax')` with a batch x of shape (6, 7) and kernel (7, 5) returned "
        "values that differ from a Keras Dense layer with the same weights (largest difference 0.568 at index (5, 4)).",
    ])


def test_dense_forward_without_bias_and_wrong_shape(run_check):
    code = "import numpy as np\ndef dense_forward(x, kernel, bias, activation='linear'):\n    return np.dot(kernel.T, x.T)\n"
    score, messages = run_check(code, check_dense_forward, "dense_forward", cases=CASES[:1] + CASES[5:6], points=5)
    assert score == 0.0
    assert messages == [
        "`dense_forward(x, kernel, bias, 'linear')` with one sample x of shape (4,) and kernel (4, 3) returned "
        "values that differ from a Keras Dense layer with the same weights (largest difference 0.544 at index (0,)).",
        "`dense_forward(x, kernel, bias, 'linear')` with a batch x of shape (6, 7) and kernel (7, 5) returned "
        "shape (5, 6); for this x a Dense layer gives shape (6, 5).",
    ]


def test_dense_forward_that_raises_is_feedback(run_check):
    code = "def dense_forward(x, kernel, bias, activation='linear'):\n    return x @ kernel + bias[0][0]\n"
    score, messages = run_check(code, check_dense_forward, "dense_forward", cases=CASES[:1], points=5)
    assert (score, messages) == (0.0, [
        "`dense_forward(x, kernel, bias, 'linear')` with one sample x of shape (4,) and kernel (4, 3) raised "
        "IndexError: invalid index to scalar variable."])


PARAM_CASES = [((3, 5), {}, 20), ((5, 4), {"use_bias": False}, 20), ((10, 1), {}, 11), ((7, 3), {"use_bias": False}, 21)]
WHAT = "the number of parameters of that Dense layer"


@pytest.mark.parametrize("code, score, messages", [
    ("def dense_param_count(n, u, use_bias=True):\n    return n * u + (u if use_bias else 0)\n", 2.0, []),
    ("import numpy as np\ndef dense_param_count(n, u, use_bias=True):\n    return np.int64(n * u + use_bias * u)\n",
     2.0, []),
    ("def dense_param_count(n, u, use_bias=True):\n    return n * u + u\n", 1.0, [
        "`dense_param_count(5, 4, use_bias=False)` returned 24, which is not " + WHAT + ".",
        "`dense_param_count(7, 3, use_bias=False)` returned 24, which is not " + WHAT + "."]),
    ("def dense_param_count(n, u, use_bias=True):\n    return str(n * u)\n", 0.0, [
        "`dense_param_count(3, 5)` returned '15', which is not " + WHAT + ".",
        "`dense_param_count(5, 4, use_bias=False)` returned '20', which is not " + WHAT + ".",
        "`dense_param_count(10, 1)` returned '10', which is not " + WHAT + ".",
        "`dense_param_count(7, 3, use_bias=False)` returned '21', which is not " + WHAT + "."]),
], ids=["correct", "numpy integer", "ignores use_bias", "returns a string"])
def test_param_count(run_check, code, score, messages):
    assert run_check(code, check_returns, "dense_param_count", cases=PARAM_CASES, points=2, what=WHAT) == (score, messages)


HIDDEN = dict(expected={"mlp": ["relu"], "cnn": ["relu"], "rnn": ["tanh", "sigmoid"]}, points=1.5, kind="activation",
              hints={"rnn": "recurrent layers feed their output back in at every time step, so it must stay bounded"})


@pytest.mark.parametrize("code, score, messages", [
    ("hidden_activation = {'mlp': 'relu', 'cnn': 'ReLU', 'rnn': 'tanh'}", 1.5, []),
    ("import keras\nhidden_activation = {'mlp': keras.activations.relu, 'cnn': 'relu', 'rnn': 'sigmoid'}", 1.5, []),
    ("hidden_activation = {'mlp': 'relu', 'cnn': 'relu', 'rnn': 'relu'}", 1.0, [
        "`hidden_activation['rnn']` is 'relu'. Recurrent layers feed their output back in at every time step, "
        "so it must stay bounded."]),
    ("hidden_activation = {'mlp': 'relu', 'cnn': 'softmax'}", 0.5, [
        "`hidden_activation['cnn']` is 'softmax'. Reconsider this choice.",
        "`hidden_activation` has no key 'rnn'."]),
    ("hidden_activation = ['relu', 'relu', 'tanh']", 0.0, [
        "`hidden_activation` is a list; the task asks for a dict with keys 'mlp', 'cnn', 'rnn'."]),
], ids=["names", "function and sigmoid", "relu for rnn", "missing key", "a list"])
def test_hidden_activation_choices(run_check, code, score, messages):
    assert run_check(code, check_choices, "hidden_activation", **HIDDEN) == (score, messages)


def test_layer_choices_accept_classes_and_qualified_names(run_check):
    code = "import keras\nlayer_for_data = {'tabular': keras.layers.Dense, 'time_series': 'keras.layers.LSTM', 'image': 'Conv1D'}"
    expected = {"tabular": ["Dense"], "time_series": ["SimpleRNN", "LSTM", "GRU", "RNN"], "image": ["Conv2D"]}
    assert run_check(code, check_choices, "layer_for_data", expected=expected, points=1.5, kind="layer",
                     hints={"image": "an image has two spatial dimensions"}) == (
        1.0, ["`layer_for_data['image']` is 'Conv1D'. An image has two spatial dimensions."])


BUILDER = """
import keras

OUTPUTS = {"regression": "linear", "binary_classification": "sigmoid",
           "multiclass_classification": "softmax", "multilabel_classification": "sigmoid"}

def build_model(problem, n_features, n_outputs):
    model = keras.Sequential()
    model.add(keras.layers.Dense(16, activation="relu", input_shape=(n_features,)))
    model.add(keras.layers.Dense(n_outputs, activation=OUTPUTS[problem]))
    return model
"""
CALLS = [{"args": ("regression", 7, 1), "output_activation": "linear"},
         {"args": ("multiclass_classification", 9, 4), "output_activation": "softmax"}]


@pytest.mark.parametrize("code, score, messages", [
    (BUILDER, 4.0, []),
    (BUILDER.replace('"softmax"', '"sigmoid"'), 3.6, [
        "The output layer (Dense) of the model from `build_model('multiclass_classification', 9, 4)` uses "
        "activation 'sigmoid'; this output should give one probability per class over its 4 units, all summing to 1."]),
    (BUILDER.replace("input_shape=(n_features,)", "input_shape=(3,)"), 3.2, [
        "The model from `build_model('regression', 7, 1)` takes inputs of shape (3,); with n_features=7 it "
        "should take shape (7,).",
        "The model from `build_model('multiclass_classification', 9, 4)` takes inputs of shape (3,); with "
        "n_features=9 it should take shape (9,)."]),
    (BUILDER.replace("OUTPUTS[problem]", "OUTPUTS[problem.lower()]").replace('"regression": ', '"regresion": '), 2.0, [
        "`build_model('regression', 7, 1)` raised KeyError: 'regression'."]),
    ("def build_model(problem, n_features, n_outputs):\n    return None\n", 0.0, [
        "`build_model('regression', 7, 1)` returned NoneType, not a Keras model.",
        "`build_model('multiclass_classification', 9, 4)` returned NoneType, not a Keras model."]),
], ids=["correct", "sigmoid for multiclass", "fixed input shape", "raises for one problem", "returns None"])
def test_model_builder(run_check, code, score, messages):
    assert run_check(code, check_model_builder, "build_model", calls=CALLS, points=4) == (score, messages)


def test_dense_forward_is_judged_on_the_cases_of_the_seed_its_request_carried():
    """The kernel drew its cases from the request's seed: the judge draws the same ones, not the call's again."""
    import json

    from autograder.in_kernel.collect_facts import collect
    from autograder.judging.checks import facts_request, judge_facts
    from autograder.judging.hidden_call import HiddenCall

    namespace: dict = {}
    exec(compile(DENSE_FORWARD, "<submission>", "exec"), namespace)
    call = HiddenCall("check_dense_forward", "dense_forward", {"cases": CASES, "points": 5})
    request = {**facts_request(call), "seed": 7}
    facts = json.loads(json.dumps(collect(request, namespace)))
    assert [finding.passed for finding in judge_facts(call, facts, request)] == [True] * len(CASES)
