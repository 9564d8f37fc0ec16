"""The inputs a model is probed with: chosen by the grader, drawn the same on both sides.

The grader picks a fresh seed for every check and sends it with the request;
the student's process draws the batch from it and reports what the model
returned, and the grader draws the same batch to compute what the reported
layers give. A notebook cannot know the inputs before the check asks.
"""

from __future__ import annotations

import secrets

import numpy as np

BATCH = 7
# Above this many weights a model is reported without them (and judged without a reference).
MAX_WEIGHTS = 200_000


def new_seed() -> int:
    return secrets.randbelow(2**31)


def probe_width(input_shape, default: int) -> int:
    """How many values per row: the model's own declared width, else the task's."""
    if input_shape is not None and len(input_shape) == 1 and isinstance(input_shape[0], int):
        return int(input_shape[0])
    return int(default)


def probe_batch(seed: int, width: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(BATCH, width)).astype("float32")
