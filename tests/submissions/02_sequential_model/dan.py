# No input shape on `model`; the diagram written as a functional model with 8 inputs.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu'))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
# %% diagram_model_answer
import keras

inputs = keras.Input(shape=(8,))
x = keras.layers.Dense(10, activation="relu")(inputs)
x = keras.layers.Dense(8, activation="relu")(x)
x = keras.layers.Dense(6, activation="relu")(x)
diagram_model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(x))
