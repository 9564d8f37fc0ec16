# Correct throughout, written with explicit branches.
# %% dense_forward_answer
def dense_forward(x, kernel, bias, activation="linear"):
    z = np.dot(x, kernel) + bias
    if activation == "relu":
        return np.maximum(0, z)
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "softmax":
        shifted = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return shifted / np.sum(shifted, axis=-1, keepdims=True)
    return z
# %% dense_param_count_answer
def dense_param_count(n_inputs, units, use_bias=True):
    weights = n_inputs * units
    if use_bias:
        weights += units
    return weights
# %% layer_for_data_answer
layer_for_data = {"tabular": "Dense", "time_series": "LSTM", "image": "Conv2D"}
# %% dense_free_text
Without an activation, two stacked Dense layers compute W2(W1 x + b1) + b2, which is again one
linear map, so the extra layer adds no expressive power.
