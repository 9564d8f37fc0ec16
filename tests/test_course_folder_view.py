"""What a kernel may not see of the course's folder: every entry but the autograder package and Python."""

from __future__ import annotations

import os

from autograder.sandbox.mounts import all_but


def test_every_entry_but_the_needed_folders_and_links_is_hidden(tmp_path):
    course = tmp_path / "course"
    for folder in ("autograder/in_kernel", "source/01", "demo/submitted", ".git", ".venv/lib"):
        (course / folder).mkdir(parents=True)
    for name in ("course_config.py", "gradebook.db", ".nbgrader.log"):
        (course / name).write_text("x")
    elsewhere = tmp_path / "venvs" / "course"
    elsewhere.mkdir(parents=True)
    os.symlink(elsewhere, course / "venv-link")  # covering a link would cover its target
    hidden = all_but(str(course), [str(course / "autograder"), str(course / ".venv"), str(elsewhere)])
    assert [os.path.basename(path) for path in hidden] == [
        ".git", ".nbgrader.log", "course_config.py", "demo", "gradebook.db", "source"]


def test_an_entry_holding_a_needed_folder_is_listed_for_hide_to_mount_it_back(tmp_path):
    (tmp_path / "env" / "py311").mkdir(parents=True)
    (tmp_path / "autograder").mkdir()
    assert all_but(str(tmp_path), [str(tmp_path / "autograder"), str(tmp_path / "env" / "py311")]) == [
        str(tmp_path / "env")]


def test_a_folder_that_cannot_be_listed_gives_nothing(tmp_path):
    assert all_but(str(tmp_path / "absent"), []) == []
