# Attack (item 6): sys.exit(0) after building `model`.
# Honest answers: `model` correct (6 of 6), `diagram_model` misses its third hidden layer (4.5 of 6).
# Expected: exactly 6 and 4.5: sys.exit raises SystemExit, an error output of its cell; the kernel goes on.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))

import sys

sys.exit(0)
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
