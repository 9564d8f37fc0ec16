# Attack (item 6): os._exit(3) at the end of the diagram cell: the kernel process ends at once, no cleanup.
# Honest answers: both models correct (6 and 6).
# Expected: model 6 (its check ran before the exit) and diagram_model 0: the kernel is gone before its check can
# ask about it; the feedback says the kernel stopped in that cell with exit code 3.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))

import os

os._exit(3)
