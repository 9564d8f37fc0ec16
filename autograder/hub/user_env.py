"""What every account's Jupyter server runs: the Python, the kernel, and the nbgrader extensions of its role.

The project's .venv is built on an interpreter under /root, which other accounts cannot reach, so the
users' Python is a copy of that interpreter (its standard library, without its site-packages: ~150 MB) in
<hub>/python, and a small venv on it whose one .pth file adds the course's locked packages (.venv's
site-packages, readable by all): one install, one set of versions. (Debian's python3.11 is 3.11.2, on which
the locked soupsieve rejects formgrader's CSS selectors.) Its share/ and etc/jupyter point at .venv's.

Each role has a Jupyter config folder (JUPYTER_CONFIG_PATH): students get nbgrader's Assignment List
and Validate only; staff also get Formgrader, Course List and Create Assignment, on the course directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from autograder.hub.limited_kernel import kernel_argv

STAFF_ONLY_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
STAFF_ONLY_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                  "@jupyter/nbgrader:create-assignment")


def interpreter_lib(hub_dir: Path) -> Path:
    """LD_LIBRARY_PATH of the copied interpreter (its libpython)."""
    return hub_dir / "python" / "lib"


def python(hub_dir: Path) -> Path:
    return hub_dir / "env" / "bin" / "python"


def config_dir(hub_dir: Path, role: str) -> Path:
    return hub_dir / "config" / ("student" if role == "student" else "staff")


def jupyter_path(hub_dir: Path) -> Path:
    return hub_dir / "share" / "jupyter"


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n")


def build_env(hub_dir: Path) -> None:
    """The users' venv: .venv's interpreter, copied where they can run it, plus the course's packages."""
    base = Path(sys.base_prefix)
    skipped = {base / "lib" / "python3.11" / "site-packages", base / "lib" / "python3.11" / "test"}
    copy = hub_dir / "python"
    if not copy.exists():
        shutil.copytree(base, copy, symlinks=True, ignore=lambda folder, names: [
            name for name in names if Path(folder, name) in skipped])
    env = hub_dir / "env"
    if not python(hub_dir).exists():
        subprocess.run([str(copy / "bin" / "python3.11"), "-m", "venv", "--without-pip", str(env)], check=True,
                       env=dict(os.environ, LD_LIBRARY_PATH=str(interpreter_lib(hub_dir))))
    packages = Path(sysconfig.get_paths()["purelib"])
    (env / "lib" / "python3.11" / "site-packages" / "course_packages.pth").write_text(
        f"import site; site.addsitedir({str(packages)!r})\n")
    for folder in ("share", "etc"):
        link = env / folder / "jupyter"
        link.parent.mkdir(exist_ok=True)
        if not link.is_symlink():
            link.symlink_to(Path(sys.prefix) / folder / "jupyter")


def write_kernel(hub_dir: Path, limits: dict[str, int]) -> None:
    """The `python3` kernelspec every account sees first: the limited kernel."""
    _write_json(jupyter_path(hub_dir) / "kernels" / "python3" / "kernel.json", {
        "argv": kernel_argv(str(python(hub_dir)), limits),
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": False},
    })


def write_role_configs(hub_dir: Path, course: Path, course_id: str, exchange: Path) -> None:
    student = config_dir(hub_dir, "student")
    _write_json(student / "jupyter_server_config.json",
                {"ServerApp": {"jpserver_extensions": {name: False for name in STAFF_ONLY_SERVER}}})
    _write_json(student / "labconfig" / "page_config.json",
                {"disabledExtensions": {name: True for name in STAFF_ONLY_LAB}})
    _write_json(student / "nbgrader_config.json",
                {"CourseDirectory": {"course_id": course_id}, "Exchange": {"root": str(exchange)}})
    staff = config_dir(hub_dir, "staff")
    staff.mkdir(parents=True, exist_ok=True)
    # The course's own nbgrader settings (course_config.configure): formgrader works on the course directory.
    (staff / "nbgrader_config.py").write_text(
        '"""Staff servers: the course\'s nbgrader_config.py (written by autograder/hub/user_env.py)."""\n'
        f"load_subconfig({str(course / 'nbgrader_config.py')!r})  # noqa: F821 (traitlets defines it)\n")
    for path in (hub_dir / "python", hub_dir / "env", hub_dir / "share", hub_dir / "config"):
        for parent, _folders, files in os.walk(path):
            os.chmod(parent, 0o755)
            for name in files:
                if not Path(parent, name).is_symlink():
                    os.chmod(Path(parent, name), 0o644 if not os.access(Path(parent, name), os.X_OK) else 0o755)
