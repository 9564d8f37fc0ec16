# Attack (item 6): raise SystemExit before anything is built in the model cell.
# Honest answers: `model` never built (0 of 6), `diagram_model` correct (6 of 6).
# Expected: model 0 and diagram_model 6: like Jupyter, a SystemExit is an error output of its cell, and the kernel
# goes on to the next cells.
# %% model_answer
raise SystemExit("grading is over")
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
