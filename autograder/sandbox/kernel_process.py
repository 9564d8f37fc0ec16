"""The kernel process: seal itself in, then run cells and collect facts on request.

`KernelJob` is what the grader sends to a fresh fork of the forkserver. Before
any student code runs, the kernel
  1. starts its own session, dies with the forkserver, drops the fds it inherited,
     and joins its memory cgroup when the pool made one (so do all the processes it starts),
  2. imports the preload modules and the facts collector (a failure is loud),
  3. namespaces mode (root, unshare works): private mounts, network, IPC and hostname;
     the course's folders that other uids cannot read seen through an idmapped view;
     a fresh /tmp holding a copy of the student's folder; the hidden paths covered;
     every other mount read-only,
     user-namespaces mode (not root, the machine allows user namespaces): the same,
     in a user namespace of its own and a PID namespace (user_namespaces.py),
     fallback mode: a copy of the folder in a temporary directory,
  4. sets its resource limits, becomes the slot's own unprivileged uid (when the
     grader is root, in both modes) or drops every capability (user namespaces),
     and keeps a minimal environment,
  5. points fds 1 and 2 at pipes it reads itself and starts the IPython shell,
then says "ready" and answers requests until the grader closes the socket.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import memory_cgroup, mounts, privileges, protocol, user_namespaces, workdir
from .cell_runner import CellRunner
from .limits import Limits
from .problems import files_not_copied


@dataclass
class KernelPlan:
    """Everything a kernel needs to know, decided by the pool (sent parent -> child only)."""

    files_dir: str
    limits: Limits
    collector: str                     # "module:function", called as function(request) -> dict
    preload: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    hidden_paths: tuple[str, ...] = ()
    isolation: str = "auto"            # "auto", "namespaces" or "fallback"
    uid: int | None = None             # the slot's own uid, when the grader is root
    fallback_dir: str = ""             # an empty directory for fallback mode's working copy
    memory_cgroup: str = ""            # the cgroup to join before anything else, "" for none


class KernelJob:
    """Unpickled in the child by multiprocessing's forkserver, which calls `_bootstrap()`."""

    def __init__(self, sock, plan: KernelPlan):
        self.sock = sock
        self.plan = plan

    def _bootstrap(self, parent_sentinel: int) -> int:
        code = 70
        try:
            os.close(parent_sentinel)
            code = serve(self.sock, self.plan)
        finally:
            os._exit(code)


def serve(sock, plan: KernelPlan) -> int:
    """Set up, then answer requests; the exit code (0 when the grader hangs up)."""
    forkserver_pid = os.getppid()
    os.setsid()
    privileges.die_with_parent(forkserver_pid)
    _close_inherited_fds()
    try:
        if plan.memory_cgroup:
            memory_cgroup.join(plan.memory_cgroup)
        collector = _import_collector(plan)
        mode, uid, problem, notes = _seal(plan, forkserver_pid)
        runner = _start_shell(plan.limits)
    except BaseException:  # noqa: BLE001 - whatever broke, the grader must hear it
        sock.sendall(protocol.encode({"op": "setup_failed", "error": traceback.format_exc()}))
        return 70
    sock.sendall(protocol.encode({"op": "ready", "mode": mode, "uid": uid, "problem": problem, "notes": notes}))
    reader = protocol.FrameReader()
    while True:
        try:
            request = protocol.receive(sock, reader)
        except (OSError, protocol.ProtocolError):
            return 1
        if request is None:
            return 0
        if request.get("op") == "run_cell":
            reply = _cell_reply(*runner.run(str(request.get("code", ""))))
        elif request.get("op") == "collect":
            reply = _facts_reply(runner, collector, request.get("request"))
        else:
            return 2
        sock.sendall(reply)


def _close_inherited_fds() -> None:
    """The forkserver's "alive" pipe and multiprocessing's resource tracker pipe are not the student's."""
    server = multiprocessing.forkserver._forkserver
    tracker = multiprocessing.resource_tracker._resource_tracker
    for owner, attribute in ((server, "_forkserver_alive_fd"), (tracker, "_fd")):
        fd = getattr(owner, attribute, None)
        if fd is not None:
            os.close(fd)
            setattr(owner, attribute, None)


def _import_collector(plan: KernelPlan):
    for module in plan.preload:
        importlib.import_module(module)
    module, _, name = plan.collector.partition(":")
    return getattr(importlib.import_module(module), name)


def _seal(plan: KernelPlan, forkserver_pid: int) -> tuple[str, int | None, str, list[str]]:
    """Isolate this process: (mode, its own uid or None, a problem with the student's files or "", notes)."""
    source = workdir.open_folder(plan.files_dir)
    name = Path(plan.files_dir).name or "work"
    notes: list[str] = []
    mode = "fallback"
    if plan.isolation != "fallback":
        if os.geteuid() == 0:
            mode = "namespaces" if mounts.enter_namespaces() else mode
        else:
            entered, why_not = user_namespaces.enter()
            mode = "user-namespaces" if entered else mode
            if not entered:
                notes.append(f"{user_namespaces.NOT_AVAILABLE}: {why_not}")
    if plan.isolation == "namespaces" and mode == "fallback":
        raise PermissionError(f"namespaces were required, but this process cannot unshare: {notes or 'not root?'}")
    if mode == "namespaces" and plan.uid is None:
        raise PermissionError("namespaces mode needs a uid for the student's code; the plan has none")
    owner = None if plan.uid is None else (plan.uid, plan.uid)
    python = _python_installation()
    keep = python + [_course_code()]
    if mode != "fallback":
        if owner is not None:
            notes += mounts.readable_to(keep, *owner)
        mounts.private_tmp(plan.limits.disk_bytes, keep)
        home = Path("/tmp")
        path = home / name
        problem = _copy(source, path, owner)
        hidden = list(plan.hidden_paths) + mounts.closed_ancestors(keep, plan.uid if owner else os.getuid()) \
            + mounts.unlisted_top_level() + mounts.all_but(_course_code(), kernel_needs(python))
        notes += [f"hidden: {folder}" for folder in mounts.hide(hidden, keep)]
        mounts.fresh_proc()
        notes += mounts.read_only_everywhere()
    else:
        home = Path(plan.fallback_dir)
        path = home / name
        closed = mounts.closed_ancestors(python, plan.uid) if owner is not None else []
        if closed:
            notes.append(f"the kernel keeps uid {os.getuid()}: another uid could not reach Python in "
                         f"{', '.join(closed)}")
            owner = None
        if owner is not None:
            os.chown(home, *owner)
        problem = _copy(source, path, owner)
    # RLIMIT_NPROC counts the processes of a uid: the kernel's own uid, or (user namespaces) its uid in its namespace.
    privileges.set_limits(plan.limits, processes=owner is not None or mode == "user-namespaces")
    if owner is not None:
        privileges.drop_privileges(*owner)
        privileges.die_with_parent(forkserver_pid)  # a uid change clears the death signal
    if mode == "user-namespaces":
        user_namespaces.drop_capabilities()
    os.close(source)
    os.chdir(path if path.is_dir() else home)
    privileges.replace_environment(_environment(plan, path, home))
    return mode, plan.uid if owner else None, problem, notes


def _copy(source: int, path: Path, owner) -> str:
    try:
        workdir.copy_folder(source, path, owner)
    except OSError as error:
        return files_not_copied(error.strerror or str(error))
    return ""


def _course_code() -> str:
    """The folder that holds the autograder package (an editable install points there)."""
    return str(Path(__file__).resolve().parents[2])


def kernel_needs(python: list[str]) -> list[str]:
    """What a kernel reads in the course's code folder: the autograder package, and Python if it lies there."""
    return [str(Path(__file__).resolve().parents[1])] + python


def _python_installation() -> list[str]:
    """Folders Python needs to keep working (stdlib, site-packages), even under a hidden path like /root."""
    return [sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix]


def _environment(plan: KernelPlan, path: Path, home: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(path),
        "USER": "student",
        "LOGNAME": "student",
        "TMPDIR": str(home),
        "IPYTHONDIR": str(home / ".ipython"),
        "MPLCONFIGDIR": str(home / ".matplotlib"),
    }
    if importlib.util.find_spec("matplotlib_inline"):  # figures become display_data, as in Jupyter
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.update(plan.env)
    return env


def _start_shell(limits: Limits) -> CellRunner:
    """stdin reads nothing (input() raises EOFError); stdout and stderr are captured from here on."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(0, closefd=False)
    return CellRunner(limits)


def _cell_reply(status: str, outputs: list[dict]) -> bytes:
    try:
        return protocol.encode({"op": "cell", "status": status, "outputs": outputs}, default=_plain)
    except protocol.ProtocolError:  # only when Limits.max_output_chars is near the message size
        note = f"[the outputs of this cell are larger than {protocol.MAX_MESSAGE_BYTES:,} bytes: none were kept]"
        return protocol.encode({"op": "cell", "status": status,
                                "outputs": [{"output_type": "stream", "name": "stdout", "text": note}]})


def _facts_reply(runner, collector, request) -> bytes:
    """The collector's facts: plain JSON data in one message, else "raised" with the reason."""
    if not isinstance(request, dict):
        error = f"the request is a {type(request).__name__}, not a dict"
        return protocol.encode({"op": "facts", "status": "raised", "error": error})
    try:
        facts = runner.quietly(collector, request)
        return protocol.encode({"op": "facts", "status": "ok", "facts": facts})
    except BaseException:  # noqa: BLE001 - student code can raise anything, SystemExit included
        return protocol.encode({"op": "facts", "status": "raised", "error": traceback.format_exc()})


def _plain(value):
    """What json.dumps cannot write in an output: bytes (image data) as base64, anything else as its repr."""
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return repr(value)
