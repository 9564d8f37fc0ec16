"""The sandbox's own failures: never reported as a student's fault."""


class SandboxError(RuntimeError):
    """The sandbox could not do its job (set-up, forkserver, clean-up): fix the grading machine or code."""
