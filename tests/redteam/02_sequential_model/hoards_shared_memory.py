# Attack (item 8, memory no process maps): writes 2.5 GiB into 50 memfds (anonymous shared-memory files, each
# under the 50 MiB file-size limit) and keeps them open; pages of a file nobody maps count in no process's data
# size or PSS. Bounded here so the test machine survives a grader that misses it; with 20000 open files allowed it
# could hold ~1 TB.
# Honest answers: both models correct (6 and 6).
# Expected: model 6 and diagram_model 0: the kernel holds more memory than it may, so it is killed in the diagram
# cell; the feedback says it used more memory than allowed.
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

_chunk = b"m" * (10 << 20)
hoard = []
for _index in range(50):
    _fd = os.memfd_create(f"hoard{_index}")
    for _ in range(5):
        os.write(_fd, _chunk)
    hoard.append(_fd)
