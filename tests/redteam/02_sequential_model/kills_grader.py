# Attack (item 6, aimed outward): SIGKILLs its parent and the parent's process group, then (only when not root, so a
# sandbox that failed to drop privileges cannot take the test machine down) every process it may signal (kill -1).
# Honest answers: both models correct (6 and 6).
# Expected: exactly 6 and 6, every other student graded as usual: the kernel runs as its own unprivileged user, so it
# can signal nothing but its own processes.
# %% model_answer
import os
import signal

for _target in (lambda: os.kill(os.getppid(), signal.SIGKILL),
                lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL),
                lambda: os.kill(-1, signal.SIGKILL) if os.getuid() != 0 else None):
    try:
        _target()
    except OSError as error:
        print("kill refused:", error)

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
