"""The sandbox pool as course_config.py configures it."""

from __future__ import annotations

import sys
from pathlib import Path


def course_config():
    """The course_config module of the course being graded (the current directory's)."""
    if "course_config" not in sys.modules:
        sys.path.insert(0, str(Path.cwd()))
    import course_config as config

    return config


def pool_settings(size: int | None = None) -> dict:
    """SandboxPool keyword arguments: pool size, limits, hidden paths, grading environment."""
    from ..sandbox import Limits

    config = course_config()
    return {
        "size": size or config.PARALLEL_KERNELS,
        "limits": Limits(**config.SANDBOX_LIMITS),
        "hidden_paths": list(config.SANDBOX_HIDDEN_PATHS),
        "env": dict(config.GRADING_ENV),
    }
