# Attack (item 3, a Keras layer that lies): the first layer of `model` has 7 units (its kernel is 3 x 7) and is then
# told `units = 5`, which changes nothing it computes. No patching at all.
# Honest answers: `model` has 7 units in its first layer (5.67 of 6), `diagram_model` is correct (6 of 6).
# Expected: model 5.67 and diagram_model 6; the units are what the layer's kernel has, not what it says.
# %% model_answer
model = Sequential()
model.add(Dense(7, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
model.layers[0].units = 5
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
