"""Activation identifiers: from whatever a student wrote to one canonical name.

Students may name an activation with a string ('ReLU', 'relu'), a function
(`keras.activations.relu`, `tf.nn.relu`, `tf.nn.softmax` whose name is
'softmax_v2'), or a layer class; the student's process reads the name
(`in_kernel.describe_model`) and both sides reduce it to one lower-case name.
"""

from __future__ import annotations

_ALIASES = {
    "softmax_v2": "softmax",
    "identity": "linear",
    "none": "linear",
    "sigmoid_v2": "sigmoid",
}

# Why each activation is the right one, in words that describe the behaviour
# needed rather than naming it: shown when a student chose something else.
_NEEDS = {
    "relu": "a hidden layer here should pass positive signals through unchanged and cut negative ones to zero",
    "tanh": ("a recurrent layer's activation should be bounded and centred on zero, so its state stays stable "
             "across time steps"),
    "sigmoid": "this output should give an independent probability between 0 and 1 for each of its {units} units",
    "softmax": "this output should give one probability per class over its {units} units, all summing to 1",
    "linear": "a regression output should be able to take any real value, so it must not be squashed",
}


def canonical(name: str | None) -> str:
    """The canonical form of an activation's name; no name (None) is Keras's default, linear."""
    if name is None:
        return "linear"
    name = name.strip().lower()
    return _ALIASES.get(name, name)


def accepted(expected: str | tuple | list) -> tuple[str, ...]:
    """The accepted canonical names of an expectation ('relu' or ('tanh', 'sigmoid'))."""
    names = (expected,) if isinstance(expected, str) else tuple(expected)
    return tuple(canonical(n) for n in names)


def need(expected: str | tuple | list, units: int | None = None) -> str:
    """Why the expected activation is needed, without naming it."""
    first = accepted(expected)[0]
    text = _NEEDS.get(first, "this layer needs a different activation")
    return text.format(units=units if units is not None else "its")
