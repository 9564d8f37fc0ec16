"""What running a cell or collecting facts gave the grader.

Statuses (both results):
  "ok"            it ran; the kernel is still usable
  "error"         the cell raised (an "error" output says what); still usable
  "raised"        the facts collector raised (`error` has the traceback); still usable
  "timeout"       killed: the cell or the whole notebook ran out of time
  "memory_limit"  killed: its processes used more than Limits.memory_bytes together
                  (the grader's check saw it, or its memory cgroup's OOM killer acted)
  "died"          the kernel exited or crashed (os._exit, segfault, abort, ...)
  "bad_reply"     killed: it sent something that is not a valid reply
  "unusable"      not run: the kernel had already stopped (`problem` says why)
`problem` is "" while the kernel is usable, else one sentence for feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

USABLE = ("ok", "error", "raised")


@dataclass(frozen=True)
class CellResult:
    status: str
    outputs: list = field(default_factory=list)  # nbformat v4 output dicts
    problem: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class FactsResult:
    status: str
    facts: dict | None = None
    problem: str = ""
    error: str = ""  # the collector's traceback when status == "raised": an instructor's bug, be loud
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"
