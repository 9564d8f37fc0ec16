# Attack (item 6): a segmentation fault (ctypes.string_at(0)) at the end of the diagram cell.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` correct (6 of 6).
# Expected: model 5.67 and diagram_model 0: the kernel crashes in the diagram cell; the feedback says so (SIGSEGV).
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))

import ctypes

ctypes.string_at(0)
