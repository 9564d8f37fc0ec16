"""Sandboxed kernels for grading: a pre-warmed pool of fresh, isolated processes.

The grader asks a kernel to run a submission's cells and to collect plain
JSON facts about its answers; it never unpickles anything from a kernel and
never runs hidden tests inside it. See pool.py for an example.
"""

from .errors import SandboxError
from .kernel import Kernel
from .limits import Limits
from .pool import SandboxPool
from .results import CellResult, FactsResult

__all__ = ["CellResult", "FactsResult", "Kernel", "Limits", "SandboxError", "SandboxPool"]
