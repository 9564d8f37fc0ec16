"""Nothing left behind in the temporary folder: not after a pool closes, not after its grader is killed.

Each grader here is a separate process with its own TMPDIR, so what it leaves is exactly what
that folder holds afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import REPO

GRADER = """
import sys, time
from pathlib import Path
from autograder.sandbox import SandboxPool
folder = Path(sys.argv[1]); folder.mkdir(exist_ok=True)
with SandboxPool(size=1, preload=("autograder.sandbox.echo_facts",),
                 collector="autograder.sandbox.echo_facts:collect") as pool:
    with pool.kernel(folder) as kernel:
        print(pool.mode, kernel.run_cell("print(6 * 7)").outputs[0]["text"], end="", flush=True)
        if sys.argv[2] == "hang":
            kernel.run_cell("import time; time.sleep(1000)")
"""


@pytest.fixture
def tmp():
    """A short TMPDIR (the forkserver's socket path must stay under 108 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="tf-"))
    yield path
    shutil.rmtree(path)


def grader(tmp: Path, folder: Path, how: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", GRADER, str(folder), how], cwd=REPO, text=True,
                            env=dict(os.environ, TMPDIR=str(tmp)), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def left_in(tmp: Path) -> list[str]:
    return sorted(path.name for path in tmp.iterdir())


def test_a_pool_leaves_nothing_in_the_temporary_folder(tmp, tmp_path):
    process = grader(tmp, tmp_path / "work", "finish")
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out.partition(" ")[2]) == (0, "42\n"), err
    assert left_in(tmp) == []


def test_the_folders_of_a_killed_grader_go_with_the_next_pool(tmp, tmp_path):
    killed = grader(tmp, tmp_path / "work", "hang")
    try:
        assert killed.stdout.readline().partition(" ")[2] == "42\n"
        time.sleep(0.5)  # the kernel is in its sleeping cell
        prefixes = sorted(name.rsplit("-", 1)[0] for name in left_in(tmp))
        assert prefixes == [f"sandbox-fs-{killed.pid}", f"sandbox-pool-{killed.pid}"]
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=30)
    assert len(left_in(tmp)) == 2  # SIGKILL: nobody could clean up

    process = grader(tmp, tmp_path / "work", "finish")
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out.partition(" ")[2]) == (0, "42\n"), err
    assert left_in(tmp) == []
