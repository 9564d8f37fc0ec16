"""SandboxedExecute, nbgrader's Execute step replaced: settings from nbgrader's config, its pool closed at exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from traitlets.config.loader import PyFileConfigLoader

import course_config
from autograder.pipeline.sandboxed_execute import SandboxedExecute


def test_the_course_config_sets_the_steps_traits():
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_config.ROOT)).load_config()
    step = SandboxedExecute(config=config)
    assert (step.executor, step.parallel_kernels, step.timeout) == ("sandbox", 2, course_config.TIMEOUT_SECONDS)
    settings = step.pool_settings()
    assert settings["size"] == course_config.PARALLEL_KERNELS
    assert settings["limits"].memory_bytes == course_config.SANDBOX_LIMITS["memory_bytes"]
    assert settings["hidden_paths"] == [str(path) for path in course_config.SANDBOX_HIDDEN_PATHS]
    assert settings["env"] == course_config.GRADING_ENV
    assert SandboxedExecute in config.Autograde.autograde_preprocessors


def test_the_shared_pool_of_a_plain_nbgrader_autograde_is_closed_at_exit(tmp_path):
    """An atexit handler registered before the pool runs after the pool's own: it must find the pool closed."""
    script = textwrap.dedent("""
        import atexit
        from autograder.pipeline.sandboxed_execute import shared_pool
        from autograder.sandbox import Limits

        pools = []
        atexit.register(lambda: print("pool at exit:", pools[0]._state))
        pools.append(shared_pool({"size": 1, "limits": Limits(), "hidden_paths": [], "env": {}}))
        print("pool in use:", pools[0]._state)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.stdout.splitlines() == ["pool in use: open", "pool at exit: closed"], done.stderr
