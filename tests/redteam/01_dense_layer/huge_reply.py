# Attack (item 10, aimed at the grader's channel): dense_forward returns a million-element array on every call, so
# the facts about it are far larger than the grader accepts from a kernel.
# Honest answers: dense_forward never has the right shape (0 of 5); dense_param_count and layer_for_data are correct.
# Expected: exactly 0, 2 and 1.5: the oversized facts cannot be sent, so that check fails with a sentence saying
# why, and the kernel, still usable, answers the next two.
# %% dense_forward_answer
import numpy as np


def dense_forward(x, kernel, bias, activation="linear"):
    return np.zeros(10**6 + 7)
# %% dense_param_count_answer
def dense_param_count(n_inputs, units, use_bias=True):
    return n_inputs * units + (units if use_bias else 0)
# %% layer_for_data_answer
layer_for_data = {"tabular": "Dense", "time_series": "LSTM", "image": "Conv2D"}
