# Correct throughout.
# %% hidden_activation_answer
hidden_activation = {"mlp": "relu", "cnn": "relu", "rnn": "tanh"}
# %% output_activation_answer
output_activation = {
    "regression": "linear",
    "binary_classification": "sigmoid",
    "multiclass_classification": "softmax",
    "multilabel_classification": "sigmoid",
}
# %% build_model_answer
def build_model(problem, n_features, n_outputs):
    model = Sequential()
    model.add(Dense(16, activation="relu", input_shape=(n_features,)))
    model.add(Dense(n_outputs, activation=output_activation[problem]))
    return model
# %% activations_free_text
Softmax makes the class probabilities compete and sum to 1, which is what one label out of many
means; independent sigmoids could say yes to several classes at once.
