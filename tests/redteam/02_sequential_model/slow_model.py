# Attack (item 7, in the grader's own call): `diagram_model` is a Sequential subclass (named Sequential) whose
# __call__ sleeps for days, so the check hangs when it runs the model on new inputs.
# Honest answers: `model` correct (6 of 6); `diagram_model` has the right layers but cannot be run (at most 5 of 6).
# Expected: model 6 and diagram_model 0: the grader's request runs out of time and the kernel is killed; the
# feedback says the time ran out while the grader was checking the answers.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
# %% diagram_model_answer
import time

import keras


class Sequential(keras.Sequential):
    def __call__(self, *args, **kwargs):
        time.sleep(10**6)


diagram_model = Sequential([keras.Input(shape=(6,)), Dense(10, activation='relu'), Dense(8, activation='relu'),
                            Dense(6, activation='relu'), Dense(3, activation='softmax')])
