"""The course_config.py of a course directory, loaded by path (the hub may serve a copy of the course)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_course_config(course: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_config", course / "course_config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
