"""Describe a Keras model as plain facts: class, input shape and its layers.

The description is what the network computes, not how it was written:
`Dense(5, activation='relu')`, `Dense(5)` followed by `Activation('relu')` or
`ReLU()`, and `Dense(5, activation=tf.nn.relu)` all describe as one Dense layer
of 5 units with activation 'relu'. Layers that are the identity at inference
(Dropout and friends) are left out; nested Sequential models are flattened.
A model's layers and inputs are read through Keras's own properties (see
`keras_originals`), whatever a subclass or a patch makes them say.
"""

from __future__ import annotations

from builtins import isinstance, issubclass, type  # bound now: a notebook that patches builtins does not reach these
from dataclasses import dataclass, field

from ..shared.activation_names import canonical
from .keras_originals import model_attribute, model_class
from .plain_data import plain_name, plain_number

# Layers that change nothing when the model predicts.
_INFERENCE_IDENTITY = {
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
    "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization",
}


@dataclass
class LayerFacts:
    kind: str
    units: int | None = None
    activation: str | None = None
    use_bias: bool | None = None
    layer: object = field(default=None, repr=False, compare=False)
    folded: object = field(default=None, repr=False, compare=False)  # a following Activation layer


@dataclass
class ModelFacts:
    class_name: str
    input_shape: tuple | None
    layers: list[LayerFacts]


def is_keras_model(obj: object) -> bool:
    """A real Keras model: judged by its type, which (unlike `__class__`) cannot be faked."""
    return issubclass(type(obj), model_class())


def describe_model(model) -> ModelFacts:
    """Facts about a Keras model (the caller has checked it is one)."""
    return ModelFacts(
        class_name=type(model).__name__,
        input_shape=_input_shape(model),
        layers=_fold(_flat_layers(model)),
    )


def _input_shape(model) -> tuple | None:
    try:
        inputs = model_attribute(model, "inputs")
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return tuple(inputs[0].shape[1:])


def _flat_layers(model) -> list:
    flat = []
    for layer in model_attribute(model, "layers"):
        kind = type(layer).__name__
        if kind == "InputLayer" or kind in _INFERENCE_IDENTITY:
            continue
        if issubclass(type(layer), model_class()):
            flat.extend(_flat_layers(layer))
        else:
            flat.append(layer)
    return flat


def _activation_of_layer(layer) -> str | None:
    """The activation an activation-only layer applies, or None if it is not one."""
    kind = type(layer).__name__
    if kind == "Activation":
        return activation_name(layer.activation)
    if kind == "ReLU":
        plain = (layer.max_value is None and not float(layer.negative_slope)
                 and not float(layer.threshold))
        return "relu" if plain else "relu (with options)"
    if kind == "Softmax":
        return "softmax" if getattr(layer, "axis", -1) in (-1, [-1]) else "softmax (other axis)"
    return None


def _dense_units(layer) -> int | None:
    """A Dense layer's units: the width of its kernel once built (an attribute can be reassigned)."""
    try:
        return int(layer.kernel.shape[-1])
    except (AttributeError, TypeError, ValueError, IndexError):
        return plain_number(layer.units)


def _fold(layers: list) -> list[LayerFacts]:
    facts: list[LayerFacts] = []
    for layer in layers:
        kind = type(layer).__name__
        applied = _activation_of_layer(layer)
        previous = facts[-1] if facts else None
        if (applied is not None and previous is not None and previous.kind == "Dense"
                and previous.activation == "linear" and previous.folded is None):
            previous.activation = applied
            previous.folded = layer
            continue
        if applied is not None:
            facts.append(LayerFacts(kind=kind, activation=applied, layer=layer))
        elif kind == "Dense":
            facts.append(LayerFacts(kind="Dense", units=_dense_units(layer),
                                    activation=activation_name(layer.activation),
                                    use_bias=bool(layer.use_bias), layer=layer))
        else:
            units = plain_number(getattr(layer, "units", None))
            facts.append(LayerFacts(kind=kind, units=units if isinstance(units, int) else None,
                                    activation=activation_name(getattr(layer, "activation", None))
                                    if hasattr(layer, "activation") else None, layer=layer))
    return facts


def activation_name(value: object) -> str | None:
    """The canonical name of an activation given as a string, function or class; None if it has none."""
    if value is None:
        return canonical(None)
    name = plain_name(value)
    return None if name is None else canonical(name)
