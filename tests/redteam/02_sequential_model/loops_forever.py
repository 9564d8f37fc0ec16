# Attack (item 7): an infinite loop at the end of the diagram cell that ignores SIGINT/SIGTERM/SIGALRM/SIGHUP and
# catches every exception (KeyboardInterrupt, TimeoutError) and loops again.
# Honest answers: both models correct (6 and 6).
# Expected: model 6 and diagram_model 0: the cell runs out of time, the kernel is killed, and its check cannot run;
# the feedback says the notebook ran out of time in the cell 'diagram_model_answer'.
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

import signal

for _signal in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGHUP):
    signal.signal(_signal, signal.SIG_IGN)
while True:
    try:
        while True:
            pass
    except BaseException:
        pass
