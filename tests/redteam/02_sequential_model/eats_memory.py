# Attack (item 8): asks NumPy for a 24 GiB array (np.ones(3 * 2**30)) at the end of the diagram cell.
# Honest answers: both models correct (6 and 6).
# Expected: exactly 6 and 6: the allocation fails with MemoryError (an error output of that cell) because the
# kernel's memory is capped; the kernel survives and `diagram_model` was built before the allocation.
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

import numpy as np

hog = np.ones(3 * 2**30)
