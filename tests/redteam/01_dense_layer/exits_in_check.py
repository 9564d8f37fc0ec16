# Attack (item 6, in the grader's own call): dense_forward calls os._exit(0) when the grader calls it, so the kernel
# ends while the grader is collecting facts.
# Honest answers: dense_forward never returns (0 of 5); dense_param_count and layer_for_data are correct.
# Expected: 0, 0 and 0: the kernel is gone during the first check, so the two after it cannot run; the feedback says
# the kernel stopped while the grader was checking the answers.
# %% dense_forward_answer
import os


def dense_forward(x, kernel, bias, activation="linear"):
    os._exit(0)
# %% dense_param_count_answer
def dense_param_count(n_inputs, units, use_bias=True):
    return n_inputs * units + (units if use_bias else 0)
# %% layer_for_data_answer
layer_for_data = {"tabular": "Dense", "time_series": "LSTM", "image": "Conv2D"}
