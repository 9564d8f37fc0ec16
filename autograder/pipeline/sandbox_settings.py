"""The sandbox pool's settings as nbgrader config traits (course_config.configure sets them).

    c.SandboxedExecute.parallel_kernels = 2
    c.SandboxedExecute.limits = {"memory_bytes": 3 * 2**30, "cell_timeout": 60.0, ...}
    c.SandboxedExecute.hidden_paths = ["/course/source", ...]
    c.SandboxedExecute.grading_env = {"TF_CPP_MIN_LOG_LEVEL": "3", ...}
"""

from __future__ import annotations

from traitlets import Dict, Integer, List, Unicode
from traitlets.config import Configurable


class SandboxSettings(Configurable):
    """How many sandboxed kernels grade at once and what each may use (autograder/sandbox/)."""

    parallel_kernels = Integer(2, help="Sandboxed kernels that grade at once (one per core)").tag(config=True)
    limits = Dict(help="Keyword arguments of autograder.sandbox.Limits: memory, time per cell and per "
                       "notebook, processes, output, file size, disk").tag(config=True)
    hidden_paths = List(Unicode(), help="Paths covered by an unreadable mount inside every kernel").tag(config=True)
    grading_env = Dict(value_trait=Unicode(), key_trait=Unicode(),
                       help="Environment of the grading kernels").tag(config=True)

    def pool_settings(self, size: int | None = None) -> dict:
        """SandboxPool keyword arguments: pool size (`size` or parallel_kernels), limits, hidden paths, env."""
        from ..sandbox import Limits

        return {"size": size or self.parallel_kernels, "limits": Limits(**self.limits),
                "hidden_paths": list(self.hidden_paths), "env": dict(self.grading_env)}
