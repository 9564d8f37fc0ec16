"""Code that drives nbgrader: the batch grader, the Execute step it replaces, feedback pages, releases.

It runs submissions in `sandbox` kernels, judges them with `judging`, and lets
nbgrader record the grades and write the pages.
"""
