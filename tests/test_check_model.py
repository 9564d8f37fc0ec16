"""check_model on real Keras models: equivalent styles score full, each fault costs its share."""

from __future__ import annotations

import pytest

from autograder import check_model

N2 = dict(input_shape=(3,), layers=[(5, "relu"), (4, "relu"), (2, "sigmoid")], points=6)

EQUIVALENT = {
    "lesson style, input_shape": """
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
""",
    "tensorflow.keras, input_dim, units keyword": """
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
model = Sequential()
model.add(Dense(units=5, activation='relu', input_dim=3))
model.add(Dense(units=4, activation='relu'))
model.add(Dense(units=2, activation='sigmoid'))
""",
    "keras.Input and a list": """
import keras
model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(5, activation="relu"),
    keras.layers.Dense(4, activation="relu"),
    keras.layers.Dense(2, activation="sigmoid"),
])
""",
    "build after adding": """
import keras
model = keras.Sequential()
model.add(keras.layers.Dense(5, activation="relu"))
model.add(keras.layers.Dense(4, activation="relu"))
model.add(keras.layers.Dense(2, activation="sigmoid"))
model.build((None, 3))
""",
    "activation functions": """
import keras
import tensorflow as tf
model = keras.Sequential([
    keras.Input((3,)),
    keras.layers.Dense(5, activation=tf.nn.relu),
    keras.layers.Dense(4, activation=keras.activations.relu),
    keras.layers.Dense(2, activation=tf.nn.sigmoid),
])
""",
    "activation layers after linear Dense": """
import keras
model = keras.Sequential([
    keras.Input((3,)),
    keras.layers.Dense(5), keras.layers.ReLU(),
    keras.layers.Dense(4), keras.layers.Activation("relu"),
    keras.layers.Dense(2), keras.layers.Activation(keras.activations.sigmoid),
])
""",
    "names, initializers, compile and summary": """
import keras
model = keras.Sequential(name="n2")
model.add(keras.Input((3,), name="features"))
model.add(keras.layers.Dense(5, activation="relu", kernel_initializer="he_normal", name="hidden1"))
model.add(keras.layers.Dense(4, activation="relu", bias_initializer="ones", name="hidden2"))
model.add(keras.layers.Dense(2, activation="sigmoid", name="out"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()
""",
}


@pytest.mark.parametrize("code", EQUIVALENT.values(), ids=EQUIVALENT.keys())
def test_equivalent_styles_score_full(run_check, code):
    assert run_check(code, check_model, "model", **N2) == (6.0, [])


def _stack(*layers: str, first: str = "keras.Input((3,)), ", name: str = "model") -> str:
    return (f"import keras\nfrom keras.layers import Dense\n{name} = keras.Sequential(["
            + first + ", ".join(layers) + "])\n")


GOOD = ["Dense(5, activation='relu')", "Dense(4, activation='relu')", "Dense(2, activation='sigmoid')"]

FAULTS = {
    "wrong units in layer 2": (
        _stack(GOOD[0], "Dense(3, activation='relu')", GOOD[2]), 5.67,
        ["Layer 2 (Dense) of `model` has 3 units; the task asks for 4 in this layer."]),
    "softmax output": (
        _stack(GOOD[0], GOOD[1], "Dense(2, activation='softmax')"), 5.67,
        ["Layer 3 (Dense) of `model` uses activation 'softmax'; this output should give an independent "
         "probability between 0 and 1 for each of its 2 units."]),
    "tanh hidden layer 1": (
        _stack("Dense(5, activation='tanh')", GOOD[1], GOOD[2]), 5.67,
        ["Layer 1 (Dense) of `model` uses activation 'tanh'; a hidden layer here should pass positive "
         "signals through unchanged and cut negative ones to zero."]),
    "no activation on layer 2": (
        _stack(GOOD[0], "Dense(4)", GOOD[2]), 5.67,
        ["Layer 2 (Dense) of `model` uses activation 'linear'; a hidden layer here should pass positive "
         "signals through unchanged and cut negative ones to zero."]),
    "missing input shape": (
        _stack(*GOOD, first=""), 5.0,
        ["`model` has no input shape: give its first layer `input_shape=` or start it with `keras.Input(...)`."]),
    "wrong input shape": (
        _stack(*GOOD, first="keras.Input((4,)), "), 5.0,
        ["`model` takes inputs of shape (4,); the task's network takes 3 inputs per sample, shape (3,)."]),
    "input shape with an extra axis": (
        _stack(*GOOD, first="keras.Input((1, 3)), "), 5.0,
        ["`model` takes inputs of shape (1, 3); the task's network takes 3 inputs per sample, shape (3,)."]),
    "extra layer": (
        _stack(GOOD[0], GOOD[1], "Dense(4, activation='relu')", GOOD[2]), 5.0,
        ["`model` has 4 layers after its input (Dense, Dense, Dense, Dense); the task's network has 3."]),
    "missing middle layer": (
        _stack(GOOD[0], GOOD[2]), 4.33,
        ["`model` has 2 layers after its input (Dense, Dense); the task's network has 3.",
         "`model` has no layer matching the task's layer 2 of 3."]),
    "functional model": ("""
import keras
inputs = keras.Input((3,))
hidden = keras.layers.Dense(5, activation="relu")(inputs)
hidden = keras.layers.Dense(4, activation="relu")(hidden)
model = keras.Model(inputs, keras.layers.Dense(2, activation="sigmoid")(hidden))
""", 5.0, ["`model` is a Functional model; the task asks for a Sequential, a plain stack of layers."]),
    "hidden Lambda layer": (
        _stack(*GOOD, "keras.layers.Lambda(lambda t: 2 * t)"), 5.0,
        ["`model` has 4 layers after its input (Dense, Dense, Dense, Lambda); the task's network has 3."]),
    "activation whose name lies": ("""
import keras
from keras.layers import Dense
def sigmoid(x):
    return keras.activations.softmax(x)
model = keras.Sequential([keras.Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'),
                          Dense(2, activation=sigmoid)])
""", 0.0, ["`model` computes something other than its layers' activation(x @ kernel + bias) on new inputs, "
           "so its layers cannot be graded."]),
    "Dense subclass that computes something else": ("""
import keras
class Dense(keras.layers.Dense):
    def call(self, inputs):
        return 2 * super().call(inputs)
model = keras.Sequential([keras.Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'),
                          Dense(2, activation='sigmoid')])
""", 0.0, ["`model` computes something other than its layers' activation(x @ kernel + bias) on new inputs, "
           "so its layers cannot be graded."]),
    "Sequential subclass showing a decoy's layers": ("""
import keras
from keras.layers import Dense
class Sequential(keras.Sequential):
    decoy = None
    @property
    def layers(self):
        return self.decoy.layers if self.decoy is not None else super().layers
    @property
    def inputs(self):
        return self.decoy.inputs if self.decoy is not None else super().inputs
model = Sequential([keras.Input((3,)), Dense(5, activation='tanh'), Dense(2, activation='sigmoid')])
model.decoy = keras.Sequential([keras.Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'),
                                Dense(2, activation='sigmoid')])
""", 4.0, ["`model` has 2 layers after its input (Dense, Dense); the task's network has 3.",
            "Layer 1 (Dense) of `model` uses activation 'tanh'; a hidden layer here should pass positive signals "
            "through unchanged and cut negative ones to zero.",
            "`model` has no layer matching the task's layer 2 of 3."]),
    "not a model": ("model = [5, 4, 2]\n", 0.0,
                    ["`model` is a list, not a Keras model: build it with `Sequential()` and `Dense` layers."]),
    "name undefined": ("n2_model = 1\n", 0.0,
                       ["`model` is not defined: no cell assigns it; the task asks for a name `model`."]),
}


@pytest.mark.parametrize("code, score, messages", FAULTS.values(), ids=FAULTS.keys())
def test_each_fault_costs_its_share(run_check, code, score, messages):
    assert run_check(code, check_model, "model", **N2) == (score, messages)


def test_diagram_model_with_two_faults(run_check):
    code = _stack("Dense(10, activation='relu')", "Dense(8, activation='relu')",
                  "Dense(6, activation='sigmoid')", "Dense(3, activation='sigmoid')",
                  first="keras.Input((6,)), ", name="diagram_model")
    spec = dict(input_shape=(6,), layers=[(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")], points=6)
    assert run_check(code, check_model, "diagram_model", **spec) == (5.5, [
        "Layer 3 (Dense) of `diagram_model` uses activation 'sigmoid'; a hidden layer here should pass positive "
        "signals through unchanged and cut negative ones to zero.",
        "Layer 4 (Dense) of `diagram_model` uses activation 'sigmoid'; this output should give one probability "
        "per class over its 3 units, all summing to 1.",
    ])


def test_a_patched_keras_class_property_is_not_believed(run_check, monkeypatch):
    import keras

    class Declared:
        shape = (None, 3)

    monkeypatch.setattr(keras.Sequential, "inputs", property(lambda self: [Declared()]))
    monkeypatch.setattr(keras.Sequential, "input_shape", property(lambda self: (None, 3)))
    assert run_check(_stack(*GOOD, first=""), check_model, "model", **N2) == (5.0, [
        "`model` has no input shape: give its first layer `input_shape=` or start it with `keras.Input(...)`."])


def test_a_plain_object_is_no_model_even_with_issubclass_patched(run_check, monkeypatch):
    import builtins

    import keras

    code = "class Sequential:\n    layers = []\nmodel = Sequential()\n"
    real = builtins.issubclass
    monkeypatch.setattr(builtins, "issubclass",
                        lambda cls, info: True if getattr(cls, "__name__", "") == "Sequential" else real(cls, info))
    assert keras is not None
    assert run_check(code, check_model, "model", **N2) == (0.0, [
        "`model` is a Sequential, not a Keras model: build it with `Sequential()` and `Dense` layers."])


def test_instructor_spec_error_is_loud():
    from autograder import SpecError

    with pytest.raises(SpecError):
        check_model("model", input_shape=3, layers=[(5, "relu")], points=6, namespace={})


def test_a_one_layer_network_is_one_layer_not_one_layers(capsys):
    code = "import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation='sigmoid')])\n"
    namespace: dict = {}
    exec(compile(code, "<submission>", "exec"), namespace)
    capsys.readouterr()
    check_model("model", input_shape=(3,), layers=[(2, "sigmoid")], points=1, namespace=namespace)
    assert "  ✓ `model` has 1 layer after its input. [0.17/0.17]" in capsys.readouterr().out.splitlines()
