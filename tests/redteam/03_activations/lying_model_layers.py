# Attack (item 3, a model that lies): build_model returns a subclass of keras.Sequential (named Sequential) that
# computes with its own layers (4 inputs, a tanh hidden layer) but whose `layers` and `inputs` properties show
# those of a second, correct model it keeps as a decoy.
# Honest answers: the dicts are correct (1.5 and 2); the model build_model returns ignores n_features and has a tanh
# hidden layer (3 of 5 checks for 4 of the 5 calls, 4 of 5 for the call with 4 features: 2.56 of 4).
# Expected: exactly 1.5, 2 and 2.56: a model is what it computes with, not what its properties say.
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
import keras


class Sequential(keras.Sequential):
    decoy = None

    @property
    def layers(self):
        return self.decoy.layers if self.decoy is not None else super().layers

    @property
    def inputs(self):
        return self.decoy.inputs if self.decoy is not None else super().inputs


def build_model(problem, n_features, n_outputs):
    model = Sequential([keras.Input(shape=(4,)), Dense(8, activation="tanh"),
                        Dense(n_outputs, activation=output_activation[problem])])
    model.decoy = keras.Sequential([keras.Input(shape=(n_features,)), Dense(16, activation="relu"),
                                    Dense(n_outputs, activation=output_activation[problem])])
    return model
