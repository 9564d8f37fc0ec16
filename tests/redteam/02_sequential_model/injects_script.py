# Attack (more: the feedback page): displays HTML with a <script>, an onerror handler and raw JavaScript; in the
# feedback HTML (also what formgrader shows a TA, on the Jupyter server's origin, where a script could call its API
# and change grades) they would run.
# Honest answers: both models correct (6 and 6).
# Expected: exactly 6 and 6, and no script of the student's in the feedback page.
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

from IPython.display import HTML, Javascript, display

_payload = "document.title = 'redteam' + '-injected'"
display(HTML(f"<script>{_payload}</script><img src=x onerror=\"{_payload}\">"))
display(Javascript(_payload))
