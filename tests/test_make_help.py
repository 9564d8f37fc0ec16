"""`make` and `make help` list every target and every variable the targets read."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import REPO


@pytest.mark.parametrize("args", [[], ["help"]])
def test_help_lists_every_target_and_variable(tmp_path, args):
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")  # no .venv: help needs none
    result = subprocess.run(["make", "--no-print-directory", *args], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""
    listed_targets = set(re.findall(r"^  make ([\w-]+)", result.stdout, re.MULTILINE))
    phony = set(re.search(r"^\.PHONY: (.*)$", (REPO / "Makefile").read_text(), re.MULTILINE).group(1).split())
    assert listed_targets == phony - {"help", "venv"}
    listed_variables = re.findall(r"^  ([A-Z_]+)=", result.stdout, re.MULTILINE)
    assert listed_variables == ["ASSIGNMENT", "STUDENT", "ALL", "JOBS", "ID", "N", "STOCK_N", "CLUSTER", "STOCK",
                                "VERBOSE", "DEMO_DIR", "LAB_ARGS", "HUB_PORT", "TEST_WORKERS"]
    used = set(re.findall(r"\$\(if \$\((\w+)\)", (REPO / "Makefile").read_text())) | {"ASSIGNMENT", "ID", "LAB_ARGS"}
    assert used <= set(listed_variables)
