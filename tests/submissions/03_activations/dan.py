# Output activations as a list; build_model returns a functional model and forgets regression.
# %% hidden_activation_answer
hidden_activation = {"mlp": "ReLU", "cnn": "relu", "rnn": "tanh"}
# %% output_activation_answer
output_activation = ["linear", "sigmoid", "softmax", "sigmoid"]
# %% build_model_answer
import keras

ACTIVATION = {"binary_classification": "sigmoid", "multiclass_classification": "softmax",
              "multilabel_classification": "sigmoid"}

def build_model(problem, n_features, n_outputs):
    inputs = keras.Input(shape=(n_features,))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dense(n_outputs, activation=ACTIVATION[problem])(hidden))
