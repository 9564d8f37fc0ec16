"""Errors that belong to the instructor, never to a student."""


class SpecError(ValueError):
    """A hidden test was written wrongly (a bad expectation or argument).

    Raised loudly, so it is fixed in `source/` instead of being reported to a
    student as the student's fault.
    """
