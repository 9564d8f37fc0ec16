"""Code that judges, in the grading process: it never runs student code and never imports Keras.

It reads the hidden check from the test cell's trusted source (`hidden_call`),
validates the facts the kernel reported (`fact_schemas`), recomputes what a
reported network gives with NumPy (`judge_behaviour`), and turns findings into
a score and feedback lines (`report`).
"""
