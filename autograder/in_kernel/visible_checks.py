"""Visible checks a student can run: is the answer there and of the right kind?

They raise `AssertionError` with a friendly sentence only when the answer is
missing, still the release's placeholder, or not even the kind of object the
task asks for (the hidden checks would give 0 anyway); otherwise they print what they confirmed and any notice,
and leave the judging of the details to the hidden tests.
"""

from __future__ import annotations

from ..shared.call_text import call_text
from .describe_model import describe_model, is_keras_model
from .student_code import call, describe_error, lookup, quiet


def expect_model(name: str, namespace: dict | None = None) -> None:
    """`name` is defined and is a Keras model; notes a missing input shape or a non-Sequential."""
    model = _defined(name, namespace)
    if not is_keras_model(model):
        raise AssertionError(f"`{name}` is a {type(model).__name__}, not a Keras model: build it with "
                             f"`Sequential()` and `Dense` layers.")
    with quiet():
        facts = describe_model(model)
    count = len(facts.layers)
    print(f"✓ `{name}` is a Keras model with {count} layer{'s' if count != 1 else ''} after its input.")
    if facts.class_name != "Sequential":
        print(f"! `{name}` is a {facts.class_name} model; the task asks for a Sequential.")
    if facts.input_shape is None:
        print(f"! `{name}` has no input shape yet: give its first layer `input_shape=` "
              f"or start it with `keras.Input(...)`.")
    print("Hidden tests will check its layers, units, activations and behaviour after you submit.")


def expect_callable(name: str, example: tuple = (), namespace: dict | None = None) -> None:
    """`name` is a function and no longer the placeholder: `name(*example)` must not raise NotImplementedError."""
    value = _defined(name, namespace)
    if not callable(value):
        raise AssertionError(f"`{name}` is a {type(value).__name__}; the task asks for a function.")
    outcome = call(value, *example)
    if isinstance(outcome.error, NotImplementedError):
        raise AssertionError(f"`{name}` still raises NotImplementedError: replace "
                             f"`raise NotImplementedError()` with your code.")
    shown = call_text(name, example)
    if outcome.raised:
        print(f"! {shown} raised {describe_error(outcome.error)}.")
    else:
        print(f"✓ {shown} returned a {type(outcome.value).__name__}.")
    print("Hidden tests will call it on inputs you have not seen.")


def expect_dict(name: str, keys, namespace: dict | None = None) -> None:
    """`name` is a dict; notes keys that are missing or not asked for."""
    value = _defined(name, namespace)
    wanted = list(keys)
    shown = ", ".join(repr(k) for k in wanted)
    if not isinstance(value, dict):
        raise AssertionError(f"`{name}` is a {type(value).__name__}; the task asks for a dict with keys {shown}.")
    missing = [k for k in wanted if k not in value]
    extra = [k for k in value if k not in wanted]
    if missing:
        print(f"! `{name}` has no key {', '.join(repr(k) for k in missing)}; the task asks for the keys {shown}.")
    if extra:
        print(f"! `{name}` has keys the task does not ask for: {', '.join(repr(k) for k in extra)}.")
    if not missing and not extra:
        print(f"✓ `{name}` has the keys {shown}.")
    print("Hidden tests will judge each choice.")


def _defined(name: str, namespace: dict | None):
    found = lookup(name, namespace)
    if not found.found:
        raise AssertionError(found.problem)
    return found.value
