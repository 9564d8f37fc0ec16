# Attack (item 4): `model` and `diagram_model` are plain objects dressed as Keras models: classes named Sequential
# and Dense, `__class__` saying keras.Sequential / keras.layers.Dense, layers with units, use_bias, activation
# functions with the right __name__, input_shape, inputs, get_weights, and a __call__ that computes what they claim.
# Honest answers: neither is a Keras model (0 of 6 each).
# Expected: exactly 0 and 0.
# %% model_answer
import keras
import numpy as np


class Dense:
    def __init__(self, units, activation, n_in):
        self.units, self.use_bias, self.name = units, True, f"dense_{units}"
        self.activation = keras.activations.get(activation)
        self.input_shape, self.output_shape = (None, n_in), (None, units)
        self.kernel = np.linspace(-1.0, 1.0, n_in * units).reshape(n_in, units)
        self.bias = np.full(units, 0.1)

    @property
    def __class__(self):
        return keras.layers.Dense

    def get_weights(self):
        return [self.kernel, self.bias]

    def count_params(self):
        return self.kernel.size + self.bias.size

    def __call__(self, x):
        z = np.asarray(x, dtype="float64") @ self.kernel + self.bias
        return keras.ops.convert_to_numpy(self.activation(z.astype("float32"))).astype("float64")


class Sequential:
    def __init__(self, n_in, spec):
        sizes = [n_in] + [units for units, _ in spec]
        self.layers = [Dense(units, activation, n) for (units, activation), n in zip(spec, sizes)]
        self.input_shape, self.output_shape = (None, n_in), (None, sizes[-1])
        self.inputs = [keras.KerasTensor((None, n_in))]
        self.built, self.name = True, "sequential"

    @property
    def __class__(self):
        return keras.Sequential

    def __call__(self, x, training=False):
        for layer in self.layers:
            x = layer(x)
        return x

    def predict(self, x, verbose=0):
        return self(x)

    def count_params(self):
        return sum(layer.count_params() for layer in self.layers)

    def summary(self):
        for layer in self.layers:
            print(layer.name, layer.output_shape, layer.count_params())


model = Sequential(3, [(5, "relu"), (4, "relu"), (2, "sigmoid")])
# %% diagram_model_answer
diagram_model = Sequential(6, [(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")])
