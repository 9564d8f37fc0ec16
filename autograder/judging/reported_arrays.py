"""Read an array the student's process reported ({'shape': [...], 'values': [...]}) without trusting it."""

from __future__ import annotations

import math

import numpy as np


def reported_array(result: dict) -> np.ndarray | None:
    """The array, with None as NaN; None when the values do not fill the shape."""
    shape = tuple(result["shape"])
    values = result["values"]
    if math.prod(shape) != len(values):
        return None
    return np.array([np.nan if v is None else v for v in values], dtype="float64").reshape(shape)
