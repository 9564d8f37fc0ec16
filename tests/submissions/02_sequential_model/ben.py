# tf.keras, keras.Input, activation functions and activation layers: all correct.
# %% model_answer
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input(shape=(3,)),
    tf.keras.layers.Dense(units=5, activation=tf.nn.relu),
    tf.keras.layers.Dense(units=4),
    tf.keras.layers.ReLU(),
    tf.keras.layers.Dense(units=2),
    tf.keras.layers.Activation("sigmoid"),
], name="n2")
model.compile(optimizer="adam", loss="binary_crossentropy")
# %% diagram_model_answer
import keras

diagram_model = keras.Sequential(name="diagram")
for units in (10, 8, 6):
    diagram_model.add(keras.layers.Dense(units, activation=keras.activations.relu))
diagram_model.add(keras.layers.Dense(3, activation="softmax"))
diagram_model.build((None, 6))
diagram_model.summary()
