# Attack (item 1): replaces every function and class of every loaded autograder.* module (the grader's API, the
# fact collectors, the judges; autograder.sandbox.* is patches_kernel_reply's) with one that returns None.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` is correct (6 of 6).
# Expected: model 0 and diagram_model 0, less than honest: the patch is made in the model cell, so both checks
# ask a kernel whose fact collector now returns None or raises; the grader cannot read the reply and says so.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))

import sys


def _nothing(*args, **kwargs):
    return None


for _name, _module in list(sys.modules.items()):
    if _name == "autograder" or (_name.startswith("autograder.") and not _name.startswith("autograder.sandbox")):
        for _attr, _value in list(vars(_module).items()):
            if not _attr.startswith("__") and callable(_value):
                setattr(_module, _attr, _nothing)
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
