"""Visible checks: friendly on form problems, silent about the hidden details."""

from __future__ import annotations

import pytest

from autograder import expect_callable, expect_dict, expect_model


def test_expect_model_notes_missing_input_shape(capsys):
    import keras

    expect_model("model", namespace={"model": keras.Sequential([keras.layers.Dense(2)])})
    assert capsys.readouterr().out.splitlines() == [
        "✓ `model` is a Keras model with 1 layer after its input.",
        "! `model` has no input shape yet: give its first layer `input_shape=` or start it with `keras.Input(...)`.",
        "Hidden tests will check its layers, units, activations and behaviour after you submit.",
    ]


@pytest.mark.parametrize("check, args, namespace, message", [
    (expect_model, ("model",), {"model": "Sequential"},
     "`model` is a str, not a Keras model: build it with `Sequential()` and `Dense` layers."),
    (expect_model, ("model",), {},
     "`model` is not defined: no cell assigns it; the task asks for a name `model`."),
    (expect_callable, ("build_model",), {"build_model": 3},
     "`build_model` is a int; the task asks for a function."),
    (expect_callable, ("build_model", ("regression", 2, 1)),
     {"build_model": lambda problem, n_features, n_outputs: exec("raise NotImplementedError()")},
     "`build_model` still raises NotImplementedError: replace `raise NotImplementedError()` with your code."),
    (expect_dict, ("hidden_activation", ["mlp", "cnn", "rnn"]), {"hidden_activation": ["relu"]},
     "`hidden_activation` is a list; the task asks for a dict with keys 'mlp', 'cnn', 'rnn'."),
])
def test_form_problems_raise_friendly_assertions(check, args, namespace, message):
    with pytest.raises(AssertionError) as raised:
        check(*args, namespace=namespace)
    assert str(raised.value) == message


def test_expect_dict_notes_key_problems_without_failing(capsys):
    expect_dict("hidden_activation", ["mlp", "cnn", "rnn"], namespace={"hidden_activation": {"mlp": "relu", "x": 1}})
    assert capsys.readouterr().out.splitlines() == [
        "! `hidden_activation` has no key 'cnn', 'rnn'; the task asks for the keys 'mlp', 'cnn', 'rnn'.",
        "! `hidden_activation` has keys the task does not ask for: 'x'.",
        "Hidden tests will judge each choice.",
    ]


def test_expect_callable_reports_other_errors_as_notes(capsys):
    expect_callable("dense_param_count", (2, 3), namespace={"dense_param_count": lambda n, u, use_bias=True: n / 0})
    assert capsys.readouterr().out.splitlines() == [
        "! `dense_param_count(2, 3)` raised ZeroDivisionError: division by zero.",
        "Hidden tests will call it on inputs you have not seen.",
    ]
