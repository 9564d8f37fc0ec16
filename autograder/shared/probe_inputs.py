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


def probe_dims(input_shape, default: int) -> tuple[int, ...]:
    """One sample's shape: the model's own declared input shape if it is fully known, else (default,)."""
    if input_shape and all(isinstance(n, int) and not isinstance(n, bool) and 0 < n <= 10_000 for n in input_shape) \
            and len(input_shape) <= 4:
        return tuple(int(n) for n in input_shape)
    return (int(default),)


def probe_batch(seed: int, dims: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(BATCH, *dims)).astype("float32")


def batch_words(dims: tuple[int, ...]) -> str:
    """'a batch of 7 rows of 3 values', or of 7 samples of shape (1, 3)."""
    if len(dims) == 1:
        return f"a batch of {BATCH} rows of {dims[0]} values"
    return f"a batch of {BATCH} samples of shape {dims}"
