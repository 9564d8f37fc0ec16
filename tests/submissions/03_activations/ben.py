# ReLU for recurrent layers, softmax for multilabel; build_model written with keras.Input.
# %% hidden_activation_answer
hidden_activation = {"mlp": "relu", "cnn": "relu", "rnn": "relu"}
# %% output_activation_answer
output_activation = {
    "regression": "linear",
    "binary_classification": "sigmoid",
    "multiclass_classification": "softmax",
    "multilabel_classification": "softmax",
}
# %% build_model_answer
import keras

def build_model(problem, n_features, n_outputs):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_outputs, activation=output_activation[problem]),
    ])
