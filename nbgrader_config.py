"""nbgrader reads only this file: it applies course_config.py, found next to it.

traitlets runs this file with `c` (the config) and `__file__` (its own path)
defined, so this works whatever the current directory is.
"""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("course_config", Path(__file__).with_name("course_config.py"))
course_config = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_config)
course_config.configure(c)  # noqa: F821 (`c` is defined by traitlets)
