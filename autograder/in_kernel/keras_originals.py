"""Keras's model properties as they were before any student code ran.

The sandbox imports this module in its forkserver, before a notebook's first
cell, so the descriptors kept here are Keras's own even if the notebook later
assigns `keras.Sequential.inputs = property(...)` or subclasses Sequential
with `layers` overridden. A model is described by what Keras itself says it
holds, not by what the notebook makes its attributes say.
"""

from __future__ import annotations

import sys
from builtins import getattr, hasattr, type  # bound now: a notebook that patches builtins does not reach these

# (class, attribute) -> the class's own descriptor, for every Keras class a model's MRO can hold.
_ORIGINALS: dict[tuple[type, str], object] = {}
_NAMES = ("layers", "inputs")
_MODEL_CLASS: list[type] = []


def _snapshot() -> None:
    import keras
    from keras.src.models.functional import Functional

    _MODEL_CLASS.append(keras.Model)
    for model_class in (keras.Sequential, Functional, keras.Model):
        for cls in model_class.__mro__:
            for name in _NAMES:
                if name in vars(cls):
                    _ORIGINALS.setdefault((cls, name), vars(cls)[name])


def model_class() -> type:
    """keras.Model, as imported before the notebook could rebind `keras.Model`."""
    if not _MODEL_CLASS:
        _snapshot()
    return _MODEL_CLASS[0]


def model_attribute(model: object, name: str):
    """`model.<name>` as Keras defines it, skipping any override in a student's subclass."""
    if not _ORIGINALS:
        _snapshot()
    kind = type(model)
    for cls in kind.__mro__:
        original = _ORIGINALS.get((cls, name))
        if original is not None:
            return original.__get__(model, kind) if hasattr(original, "__get__") else original
    return getattr(model, name)


# In the forkserver Keras is imported first (the pool's preload), so the snapshot is taken now. The grader's
# own process never imports Keras for this (it judges plain facts), so there the snapshot waits for first use.
if "keras" in sys.modules:
    _snapshot()
