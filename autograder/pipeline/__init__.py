"""Code that drives nbgrader: the batch grader, the Execute step it replaces, feedback pages, releases.

It runs submissions in `sandbox` kernels, judges them with `judging`, and lets
nbgrader record the grades and write the pages.
"""

from . import deferred_iri_parser

deferred_iri_parser.defer()  # before anything here imports jsonschema (nbgrader does): 1.6 s less start-up
