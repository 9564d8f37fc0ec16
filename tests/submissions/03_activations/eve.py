# Only the dictionaries, and the second one with a mislabelled key.
# %% hidden_activation_answer
hidden_activation = {"mlp": "relu", "cnn": "relu", "rnn": "tanh"}
# %% output_activation_answer
output_activation = {
    "regression": "linear",
    "binary": "sigmoid",
    "multiclass_classification": "softmax",
    "multilabel_classification": "sigmoid",
}
