"""The sentences that say why a kernel stopped, in the student's words.

One place turns what the parent saw (a timeout, an exit code, a signal, a
memory kill, an unreadable reply) into a sentence for feedback. `during` says
where it happened: IN_CELL, or WHILE_COLLECTING when the grader was asking
the kernel about an answer.
"""

from __future__ import annotations

import signal

IN_CELL = "in this cell"
WHILE_COLLECTING = "while the grader was checking your answers"


def size_text(n_bytes: int) -> str:
    """3221225472 -> '3 GiB', 1610612736 -> '1.5 GiB', 52428800 -> '50 MiB'."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"


def cell_timeout(seconds: float, during: str = IN_CELL) -> str:
    return f"your notebook ran out of time ({seconds:g} s) {during}"


def notebook_timeout(seconds: float, during: str = IN_CELL) -> str:
    return f"your notebook ran out of time ({seconds:g} s for the whole notebook) {during}"


def exited(exitcode: int | None, during: str = IN_CELL) -> str:
    """Why the kernel's process ended on its own: an exit code, or a signal it did not survive."""
    if exitcode is None:
        return f"your kernel stopped {during}"
    if exitcode >= 0:
        return f"your kernel stopped {during} (it exited with code {exitcode})"
    number = -exitcode
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    description = signal.strsignal(number) or name
    return f"your kernel crashed {during} ({name}: {description})"


def memory(limit_bytes: int, during: str = IN_CELL) -> str:
    return f"your kernel was killed {during}: it used more than {size_text(limit_bytes)} of memory"


def bad_reply(detail: str, during: str = IN_CELL) -> str:
    return f"your kernel was stopped {during}: it sent the grader a reply it cannot read ({detail})"


def files_not_copied(detail: str) -> str:
    return f"your files could not be copied into the grading sandbox ({detail})"
