"""autograder/hub/ pieces that need no hub: the roster's accounts, the limited kernel's rlimits.
(The hub itself, its accounts and permissions are tested in a browser by tests/e2e/, `make e2e`.)"""

from __future__ import annotations

import json
import sys

import pytest
from jupyter_client.manager import start_new_kernel

import course_config
from autograder.hub.limited_kernel import kernel_argv
from autograder.hub.roster import group_names, read_roster


def test_the_course_roster_gives_one_account_per_person():
    accounts = read_roster(course_config.ROSTER)
    assert [(a.login, a.role, a.is_staff) for a in accounts][:3] == [
        ("instructor", "instructor", True), ("ta", "ta", True), ("ada", "student", False)]
    assert accounts[2].full_name == "Ada Lovelace"
    assert group_names("intro-keras") == {"staff": "intro-keras-staff", "student": "intro-keras-students"}


@pytest.mark.parametrize("roster, message", [
    ([{"id": "Ada Lovelace", "role": "student"}],
     "course_config.ROSTER entry 1 has id 'Ada Lovelace': a login is 1-32 lower-case letters, digits, '_' or '-', "
     "starting with a letter or '_'."),
    ([{"id": "grace", "role": "instructor"}, {"id": "ada", "role": "teacher"}],
     "course_config.ROSTER entry 2 (ada) has role 'teacher'; expected one of instructor, ta, student."),
    ([{"id": "grace", "role": "instructor"}, {"id": "grace", "role": "ta"}], "course_config.ROSTER lists 'grace' twice."),
    ([{"id": "ada", "role": "student"}], "course_config.ROSTER has no instructor: the hub needs one admin."),
])
def test_a_roster_the_hub_cannot_make_is_refused_in_one_sentence(roster, message):
    with pytest.raises(ValueError) as error:
        read_roster(roster)
    assert str(error.value) == message


def test_the_limited_kernel_runs_with_its_rlimits(tmp_path, monkeypatch):
    limits = {"memory_bytes": 1536 * 2**20, "cpu_seconds": 120, "max_processes": 4096, "max_file_bytes": 2**20}
    spec = tmp_path / "kernels" / "limited"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": kernel_argv(sys.executable, limits),
                                                  "display_name": "limited", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    manager, client = start_new_kernel(kernel_name="limited", startup_timeout=120)
    try:
        shown = []
        reply = client.execute_interactive(
            f"import os, resource\nos.chdir({str(tmp_path)!r})\n"
            "print([resource.getrlimit(getattr(resource, 'RLIMIT_' + n))[0] for n in ('DATA', 'CPU', 'NPROC', 'FSIZE')])\n"
            "try:\n    big = bytearray(2 * 2**30)\nexcept MemoryError:\n    print('MemoryError')\n"
            "try:\n    open('big.bin', 'wb').write(bytes(2 * 2**20))\nexcept OSError as error:\n    print('OSError', error.errno)\n",
            output_hook=lambda message: shown.append(message["content"].get("text", "")), timeout=60)
        assert reply["content"]["status"] == "ok"
        assert "".join(shown).split("\n") == [str(list(limits.values())), "MemoryError", "OSError 27", ""]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
