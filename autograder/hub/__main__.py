"""`python -m autograder.hub [--port N]` (make hub): set up, then run the course's JupyterHub in the foreground.
`python -m autograder.hub --clean` (make hub-clean): remove what it made. Run from the course directory."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from autograder.hub.course_settings import load_course_config
from autograder.hub.deploy import deploy, private_dir, undeploy

PROJECT = Path(__file__).resolve().parents[2]
PROXY = PROJECT / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    course = Path.cwd()
    settings = load_course_config(course)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=settings.HUB_PORT)
    parser.add_argument("--proxy", type=Path, default=PROXY)
    parser.add_argument("--clean", action="store_true")
    args = parser.parse_args(argv)
    hub_dir = Path(settings.HUB_DIR)
    if args.clean:
        removed = undeploy(course, hub_dir)
        print(f"Removed the hub's accounts ({', '.join(removed) or 'none'}), {settings.EXCHANGE_DIR} and {hub_dir}.")
        return
    if not args.proxy.exists():
        sys.exit(f"{args.proxy} is missing: `make hub` installs configurable-http-proxy with npm.")
    passwords = deploy(course, hub_dir)
    config = private_dir(hub_dir) / "jupyterhub_config.py"
    config.write_text(
        "from pathlib import Path\n"
        "from autograder.hub.hub_config import configure_hub\n\n"
        f"configure_hub(c, course=Path({str(course)!r}), hub_dir=Path({str(hub_dir)!r}),\n"
        f"              proxy=Path({str(args.proxy)!r}),\n"
        f"              port={args.port}, hub_port={free_port()}, api_port={free_port()})\n")
    print(f"The course's JupyterHub: http://127.0.0.1:{args.port}/  (Ctrl-C stops it)")
    if passwords:
        print(f"New accounts: {', '.join(passwords)}; their passwords are in "
              f"{private_dir(hub_dir) / 'passwords.txt'} (root only).")
    sys.stdout.flush()
    os.chdir(private_dir(hub_dir))
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub", "-f", str(config)])


if __name__ == "__main__":
    main()
