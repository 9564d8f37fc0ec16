# Attack (item 8, spread over processes): forks four children that each fill 1 GiB and sleep, so no single process
# passes a per-process cap while together they hold more than the kernel may; the cell then waits.
# Honest answers: both models correct (6 and 6).
# Expected: model 6 and diagram_model 0: the grader kills the kernel (all its processes) for its memory in the
# diagram cell; the feedback says it used more memory than allowed.
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
import time

import numpy as np

for _ in range(4):
    if os.fork() == 0:
        block = np.ones(2**27)
        time.sleep(10**6)
        os._exit(0)
time.sleep(10**6)
