"""A real PostgreSQL server for tests and benchmarks: Debian's `postgresql`, in a temporary folder.

    with PostgresServer() as server:
        url = server.new_database("course")   # postgresql://grader@127.0.0.1:<port>/course
        server.restart(); server.stop(); server.start()

It listens on 127.0.0.1 on a free port (its Unix socket stays inside its own
folder) and trusts local connections. PostgreSQL refuses to run as root: run as
root, the server runs as the `postgres` account that Debian's package creates
(else `nobody`), and its folder belongs to that account. Leaving the `with`
block stops the server and removes the folder, also after a failure.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "grader"


def postgres_bin() -> Path:
    """The bin/ folder of the newest PostgreSQL that Debian's package installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: [int(part) for part in re.findall(r"\d+", path.parts[-3])])
    if not found:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                           "`make postgresql` installs Debian's package")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_account() -> str | None:
    """The unprivileged account to run the server as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root, and neither a `postgres` nor a `nobody` account exists to run PostgreSQL")


class PostgresServer:
    def __init__(self):
        self.bin = postgres_bin()
        self.account = server_account()
        self.folder = Path(tempfile.mkdtemp(prefix="gradebook-postgres-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        if self.account:
            record = pwd.getpwnam(self.account)
            os.chown(self.folder, record.pw_uid, record.pw_gid)
        self._run("initdb", "--pgdata", str(self.data), "--username", SUPERUSER, "--auth", "trust",
                  "--encoding", "UTF8", "--no-sync")

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        self._run("pg_ctl", "start", "--pgdata", str(self.data), "--wait", "--log", str(self.log),
                  "--options", options)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--wait", "--mode", "fast")

    def restart(self) -> None:
        self.stop()
        self.start()

    def is_running(self) -> bool:
        status = self._run("pg_ctl", "status", "--pgdata", str(self.data), check=False)
        return status.returncode == 0

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far: its main process and the finished connections it reaped."""
        import psutil

        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system + times.children_user + times.children_system

    def new_database(self, name: str) -> str:
        """Create an empty database `name`; its URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        """Stop the server (if it runs) and remove its folder."""
        try:
            if self.data.is_dir() and self.is_running():
                self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self.account:
            command = ["runuser", "-u", self.account, "--", *command]
        result = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}{log}")
        return result
