"""A throw-away course on a hub of its own for the browser tests: a copy of the course in a temp folder,
set up by autograder.hub (accounts, exchange, permissions), the hub and proxy on free loopback ports."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
# What a course directory holds (copy2 keeps mtimes: the copied Makefile sees .venv as up to date).
COURSE_FILES = ["course_config.py", "nbgrader_config.py", "Makefile", "requirements.txt", "pyproject.toml",
                "source", "release"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CourseHub:
    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.course = scratch / "course"
        self.hub_dir = scratch / "hub"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = scratch / "hub.log"

    @property
    def env(self) -> dict:
        return dict(os.environ, AUTOGRADER_HUB_DIR=str(self.hub_dir), LD_LIBRARY_PATH=str(self.hub_dir / "python" / "lib"),
                    PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

    def make_course(self) -> None:
        os.chmod(self.scratch, 0o755)
        self.course.mkdir()
        for name in COURSE_FILES:
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, self.course / name)
        os.chmod(self.course, 0o755)

    def run(self, *args: str, user: str | None = None, cwd: Path | None = None, check: bool = True,
            env: dict | None = None) -> subprocess.CompletedProcess:
        """A command in the course directory, as root or (`user`) as that course account."""
        command = list(args) if user is None else ["/usr/sbin/runuser", "-u", user, "--", *args]
        result = subprocess.run(command, cwd=cwd or self.course, env=env or self.env, capture_output=True,
                                text=True, timeout=600)
        if check:
            assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "nbgrader", *args)

    def start(self) -> None:
        """Start `python -m autograder.hub` (what `make hub` runs) and wait until it answers."""
        log = open(self.log, "a")
        self.process = subprocess.Popen([sys.executable, "-m", "autograder.hub", "--port", str(self.port),
                                         "--proxy", str(PROXY)], cwd=self.course, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the hub stopped:\n{self.log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"the hub did not answer on {self.url} within 180 s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM the hub (it stops the proxy and the users' servers); kill what is left of them."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        proxy_pid = self.hub_dir / "private" / "proxy.pid"
        if proxy_pid.exists():
            try:
                os.kill(int(proxy_pid.read_text()), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
            proxy_pid.unlink()

    def restart(self) -> None:
        self.stop()
        self.start()

    def passwords(self) -> dict[str, str]:
        lines = (self.hub_dir / "private" / "passwords.txt").read_text().split("\n")
        return dict(line.split(" ", 1) for line in lines if line)

    def clean(self) -> None:
        """Stop everything and remove what the set-up made (accounts, homes, exchange, hub folder)."""
        self.stop()
        if self.log.exists():  # the hub's and the servers' log, for a failed run (e2e-screenshots/ is git-ignored)
            (REPO / "e2e-screenshots").mkdir(exist_ok=True)
            shutil.copy(self.log, REPO / "e2e-screenshots" / "hub.log")
        if self.course.exists():
            subprocess.run([sys.executable, "-m", "autograder.hub", "--clean"], cwd=self.course, env=self.env,
                           capture_output=True, text=True, timeout=300)
