# A typo in an import: the cell that builds `model` fails; `diagram_model` has sigmoid hidden layers.
# %% model_answer
import tensroflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="relu", input_shape=(3,))])
# %% diagram_model_answer
diagram_model = Sequential([
    Dense(10, activation='sigmoid', input_shape=(6,)),
    Dense(8, activation='sigmoid'),
    Dense(6, activation='relu'),
    Dense(3, activation='softmax'),
])
