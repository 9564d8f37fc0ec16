"""What both sides of the trust boundary agree on: pure data and arithmetic, no Keras, no student code.

The student's kernel and the grader both draw the probe inputs and the
dense_forward cases from these modules, name activations the same way, and
raise `SpecError` for an instructor's mistake.
"""
