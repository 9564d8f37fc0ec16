# Attack (item 10): about 500 MB of output from the diagram cell: 200 MB of print(), 100 MB on sys.stderr, 100 MB
# written straight to file descriptor 1, a 50 MB HTML display and a 100 MB string as the cell's result.
# Honest answers: both models correct (6 and 6).
# Expected: exactly 6 and 6, and the autograded notebook and the feedback page stay small (under 1 MB and 2 MB).
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
import sys

from IPython.display import HTML, display

_chunk = "x" * (1 << 20)
for _ in range(200):
    print(_chunk)
for _ in range(100):
    sys.stderr.write(_chunk)
for _ in range(100):
    os.write(1, b"y" * (1 << 20))
display(HTML("<b>" + "z" * (50 << 20) + "</b>"))
"q" * (100 << 20)
