"""One sandboxed kernel, seen from the grader: run cells, collect facts, close.

The grader enforces the limits that student code could dodge from inside:
the time per cell and per notebook, and the memory of all the kernel's
processes together (checked a few times a second; with a memory cgroup, an
OOM kill in it counts as breaking that limit too). A kernel that breaks a
limit, dies, or sends an invalid reply is killed with every process it
started, and says why in `problem`; later calls return status "unusable".
Use one Kernel from one thread at a time.
"""

from __future__ import annotations

import logging
import select
import socket
import time

from . import problems, protocol, replies
from .captured_output import ImageBudget, cap_outputs
from .errors import SandboxError
from .limits import Limits
from .memory_cgroup import KernelCgroup
from .processes import Members, kill_all, memory_bytes
from .results import CellResult, FactsResult

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
STARTUP_SECONDS = 120.0  # the first kernel waits for the forkserver to import TensorFlow


class Kernel:
    """A running kernel, made by SandboxPool.kernel(): run_cell(), collect(), then close()."""

    def __init__(self, popen, sock: socket.socket, limits: Limits, uid: int | None,
                 cgroup: KernelCgroup | None = None):
        self._popen = popen
        self._sock = sock
        self._reader = protocol.FrameReader()
        self.limits = limits
        self._uid = uid
        self.cgroup = cgroup  # its memory cgroup, removed by close(); None without one
        self.pid = popen.pid
        self.mode = ""
        self.problem = ""  # why the kernel is unusable; "" while it is usable
        self.notes: list[str] = []
        self.seconds_used = 0.0  # time spent in cells and collections, for the notebook limit
        self._images = ImageBudget(limits.max_notebook_image_chars)  # image data its cells' outputs keep
        self._closed = False

    @property
    def usable(self) -> bool:
        return not self.problem and not self._closed

    def wait_ready(self) -> None:
        """Wait for the kernel's "ready"; SandboxError if it could not set itself up."""
        try:
            message, _ = self._receive(time.monotonic() + STARTUP_SECONDS, check_memory=False)
            ready = replies.ready(message) if message is not None else None
        except protocol.ProtocolError as error:
            raise SandboxError(f"kernel {self.pid} sent an invalid ready message: {error}") from None
        if ready is None:
            raise SandboxError(f"kernel {self.pid} did not start: exit code {self._popen.poll()}")
        if ready["op"] == "setup_failed":
            raise SandboxError(f"kernel {self.pid} could not set up its sandbox:\n{ready['error']}")
        if ready["uid"] not in (self._uid, None):
            raise SandboxError(f"kernel {self.pid} runs as uid {ready['uid']}, not its slot's uid {self._uid}")
        self.mode, self.problem, self.notes = ready["mode"], ready["problem"], ready["notes"]
        self._uid = ready["uid"]  # None: it kept the grader's uid, so its session is what gets killed
        log.info("kernel %s runs in %s mode, %s", self.pid, self.mode,
                 f"memory cgroup {self.cgroup.path}" if self.cgroup else "no memory cgroup")
        for note in self.notes:
            log.debug("kernel %s: %s", self.pid, note)

    def run_cell(self, code: str) -> CellResult:
        """Run one cell's source; CellResult(status, outputs, problem, seconds)."""
        if not self.usable:
            return CellResult("unusable", problem=self.problem or "the kernel was closed")
        try:
            request = protocol.encode({"op": "run_cell", "code": code})
        except protocol.ProtocolError:
            return CellResult("error", [_too_large_cell(code)])
        status, message, seconds = self._ask(request, problems.IN_CELL)
        if message is None:
            return CellResult(status, problem=self.problem, seconds=seconds)
        try:
            status, outputs = replies.cell(message)
        except protocol.ProtocolError as error:
            status = self._stop("bad_reply", problems.bad_reply(str(error)))
            return CellResult(status, problem=self.problem, seconds=seconds)
        limits = self.limits
        outputs = cap_outputs(outputs, limits.max_output_chars, limits.max_image_chars, limits.max_images,
                              self._images)
        return CellResult(status, outputs, seconds=seconds)

    def collect(self, request: dict) -> FactsResult:
        """Ask the kernel's facts collector about an answer: FactsResult(status, facts, problem, error)."""
        if not self.usable:
            return FactsResult("unusable", problem=self.problem or "the kernel was closed")
        status, message, seconds = self._ask(protocol.encode({"op": "collect", "request": request}),
                                             problems.WHILE_COLLECTING)
        if message is None:
            return FactsResult(status, problem=self.problem, seconds=seconds)
        try:
            status, facts, error = replies.facts(message)
        except protocol.ProtocolError as error:
            status = self._stop("bad_reply", problems.bad_reply(str(error), problems.WHILE_COLLECTING))
            return FactsResult(status, problem=self.problem, seconds=seconds)
        if status == "raised":
            log.error("kernel %s: the facts collector raised for %r:\n%s", self.pid, request, error)
            return FactsResult(status, problem="the grader could not collect facts about this answer",
                               error=error, seconds=seconds)
        return FactsResult(status, facts, seconds=seconds)

    def close(self) -> None:
        """Kill the kernel and every process it started; SandboxError if some survive."""
        if self._closed:
            return
        self._closed = True
        try:
            self._kill()
            if self.cgroup is not None:
                self.cgroup.remove()
        finally:
            self._sock.close()
            self._popen.close()

    def abort(self, reason: str) -> None:
        """Kill the kernel from another thread (the pool is closing); its user sees `reason` as the problem."""
        if not self.problem:
            self.problem = reason
        self._kill()

    # -- the exchange ------------------------------------------------------------------

    def _ask(self, request: bytes, during: str) -> tuple[str, dict | None, float]:
        """Send `request`, wait for the reply within the time left: (status, reply or None, seconds)."""
        left = self.limits.notebook_timeout - self.seconds_used
        budget = min(self.limits.cell_timeout, left)
        started = time.monotonic()
        try:
            self._sock.settimeout(max(budget, 0.001))
            self._sock.sendall(request)
            message, status = self._receive(started + budget, check_memory=True)
        except (TimeoutError, socket.timeout):
            message, status = None, "timeout"
        except OSError:
            message, status = None, "died"
        except protocol.ProtocolError as error:
            message, status = None, self._stop("bad_reply", problems.bad_reply(str(error), during))
        if status == "died" and self._oom_killed():  # killed by its memory cgroup's OOM killer
            status = "memory_limit"
        seconds = time.monotonic() - started
        self.seconds_used += seconds
        if status == "timeout":
            sentence = (problems.cell_timeout(self.limits.cell_timeout, during) if budget == self.limits.cell_timeout
                        else problems.notebook_timeout(self.limits.notebook_timeout, during))
            self._stop("timeout", sentence)
        elif status == "died":
            self._stop("died", problems.exited(self._exit_code(), during))
        elif status == "memory_limit":
            self._stop("memory_limit", problems.memory(self.limits.memory_bytes, during))
        return status, message, seconds

    def _receive(self, deadline: float, *, check_memory: bool) -> tuple[dict | None, str]:
        """The next message, or (None, why not): "timeout", "died" or "memory_limit"."""
        while True:
            message = self._reader.next()
            if message is not None:
                return message, "ok"
            now = time.monotonic()
            if now >= deadline:
                return None, "timeout"
            readable, _, _ = select.select([self._sock, self._popen.sentinel], [], [],
                                           min(POLL_SECONDS, deadline - now))
            if self._sock in readable:
                data = self._sock.recv(1 << 20)
                if not data:
                    return None, "died"
                self._reader.feed(data)
            elif self._popen.sentinel in readable:
                return None, "died"
            elif check_memory and (self._oom_killed() or memory_bytes(self._members()) > self.limits.memory_bytes):
                return None, "memory_limit"

    def _stop(self, status: str, problem: str) -> str:
        """The kernel broke a limit or died: kill what is left and remember why."""
        if not self.problem:
            self.problem = problem
        log.info("kernel %s: %s", self.pid, problem)
        self._kill()
        return status

    def _exit_code(self) -> int | None:
        """The kernel's exit code once it has ended (negative: the signal that ended it)."""
        deadline = time.monotonic() + 2.0
        while self._popen.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self._popen.poll()

    def _oom_killed(self) -> bool:
        return self.cgroup is not None and self.cgroup.oom_killed()

    def _members(self) -> Members:
        return Members(uid=self._uid) if self._uid is not None else Members(sid=self.pid)

    def _kill(self) -> None:
        if self._popen.poll() is None:
            self._popen.kill()
        if not self.mode:
            survivors = []  # never got ready: it ran no student code, the kernel process was all there was
        else:
            survivors = kill_all(self._members())
        self._popen.wait(10.0)
        if survivors:
            raise SandboxError(f"kernel {self.pid}: processes {survivors} survived SIGKILL")


def _too_large_cell(code: str) -> dict:
    evalue = (f"this cell has {len(code):,} characters, more than the grader can send to a kernel "
              f"({protocol.MAX_MESSAGE_BYTES:,} bytes)")
    return {"output_type": "error", "ename": "CellTooLarge", "evalue": evalue, "traceback": [f"CellTooLarge: {evalue}"]}
