"""Shared test set-up: the grading environment, and running a submission's code."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import course_config

REPO = Path(__file__).resolve().parents[1]
# What a copy of the course needs: its settings, nbgrader's shim and the instructor notebooks.
COURSE_FILES = ("course_config.py", "nbgrader_config.py", "source")


def copy_course(root: Path, names=COURSE_FILES) -> Path:
    """Copy `names` (files or folders) of this repository into `root`, leaving compiled bytecode behind."""
    for name in names:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    return root

os.environ.update(course_config.GRADING_ENV)
# Each test chooses its gradebook (SQLite in the course folder unless it says otherwise).
os.environ.pop("GRADEBOOK_URL", None)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server on 127.0.0.1 for the whole session (tests/postgres_server.py)."""
    from postgres_server import PostgresServer

    with PostgresServer() as server:
        yield server


@pytest.fixture
def run_check(capsys):
    """Run a submission's code, then a check on it: (score, failed messages)."""

    def run(code: str, check, *args, **kwargs):
        namespace: dict = {}
        exec(compile(code, "<submission>", "exec"), namespace)
        capsys.readouterr()
        score = check(*args, namespace=namespace, **kwargs)
        printed = capsys.readouterr().out
        return score, failed_lines(printed)

    return run


def failed_lines(printed: str) -> list[str]:
    """The '✗' sentences of a report, without their point shares."""
    return [line.strip()[2:].rsplit(" [", 1)[0] for line in printed.splitlines()
            if line.strip().startswith("✗")]
