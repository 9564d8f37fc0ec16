# Attack (item 1, builtins): rebinds AssertionError (to a class no `except AssertionError` catches), `round` (always
# 6.0, full marks if a score were rounded here) and `print` (silences a report printed here), for every later cell.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` misses its third hidden layer (4.5 of 6).
# Expected: exactly 5.67 and 4.5: no score is computed, rounded or printed in the student's kernel.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))

import builtins

builtins.AssertionError = type("AssertionError", (Exception,), {})
builtins.round = lambda number, ndigits=None: 6.0
builtins.print = lambda *args, **kwargs: None
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
