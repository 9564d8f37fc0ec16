"""Which gradebook every command uses (GRADEBOOK_URL wins over course_config), and how it is named in messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from autograder.gradebook import shown_url, unreachable
from conftest import REPO

URL = "postgresql://ta:secret@127.0.0.1:5433/intro_keras"


def configured_db_url(env: dict) -> str:
    """The db_url that nbgrader's apps (and formgrader) get from nbgrader_config.py, in a fresh process."""
    code = ("from traitlets.config import Config; import course_config; c = Config(); "
            "course_config.configure(c); print(course_config.GRADEBOOK_URL); print(c.CourseDirectory.db_url)")
    env = {key: value for key, value in env.items() if value is not None}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            check=True)
    module_url, db_url = result.stdout.split()
    assert module_url == db_url
    return db_url


def test_gradebook_url_environment_variable_wins():
    assert configured_db_url(dict(os.environ, GRADEBOOK_URL=URL)) == URL


@pytest.mark.parametrize("value", [None, ""])
def test_sqlite_in_the_course_folder_is_the_default(value):
    env = {key: val for key, val in os.environ.items() if key != "GRADEBOOK_URL"}
    assert configured_db_url(dict(env, GRADEBOOK_URL=value)) == f"sqlite:///{REPO / 'gradebook.db'}"


def test_messages_never_show_the_password():
    assert shown_url(URL) == "postgresql://ta:***@127.0.0.1:5433/intro_keras"


@pytest.mark.parametrize("url, sentence", [
    ("mysql://ta:secret@127.0.0.1/intro_keras",
     "the gradebook at mysql://ta:***@127.0.0.1/intro_keras cannot be used (No module named 'MySQLdb')"),
    ("gradebook.db", "the gradebook at gradebook.db cannot be used "
                     "(Could not parse SQLAlchemy URL from given URL string)"),
    ("sqlite:////nonexistent-folder/gradebook.db",
     "the gradebook at sqlite:////nonexistent-folder/gradebook.db cannot be reached (unable to open database file)"),
])
def test_an_unusable_gradebook_is_said_in_one_clause(url, sentence):
    assert unreachable(url) == sentence


def test_a_sqlite_gradebook_is_reachable(tmp_path):
    assert unreachable(f"sqlite:///{tmp_path / 'gradebook.db'}") is None
