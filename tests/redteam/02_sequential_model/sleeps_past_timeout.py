# Attack (item 7): the model cell sleeps for days before it builds anything.
# Honest answers: both models would be correct (6 and 6), but neither is built before the sleep ends.
# Expected: 0 and 0: the kernel is killed when the cell runs out of time; no later cell runs.
# %% model_answer
import time

time.sleep(10**6)
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
