"""Everything a cell shows, as nbformat v4 outputs, capped in size (kernel side).

OutputLog keeps one cell's outputs, at most `max_chars` characters of text
and display data: the head is kept, the rest is counted, and a last line
says how much was dropped. CellStream stands in for sys.stdout/sys.stderr;
FdCapture points file descriptors 1 and 2 at pipes drained into the current
log, so output written by C code or by child processes is shown too and
never reaches the grader's terminal.
"""

from __future__ import annotations

import codecs
import io
import os
import secrets
import threading


class OutputLog:
    """One cell's outputs: `stream()`, `result()`, `display()`, `error()`, then `finish()`."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._outputs: list[dict] = []
        self._kept = 0
        self._dropped = 0
        self._display_ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        with self._lock:
            room = max(self.max_chars - self._kept, 0)
            kept, self._dropped = text[:room], self._dropped + max(len(text) - room, 0)
            if not kept:
                return
            self._kept += len(kept)
            last = self._outputs[-1] if self._outputs else None
            if last and last["output_type"] == "stream" and last["name"] == name:
                last["text"] += kept
            else:
                self._outputs.append({"output_type": "stream", "name": name, "text": kept})

    def result(self, data: dict, metadata: dict, execution_count: int) -> None:
        self._rich({"output_type": "execute_result", "data": data, "metadata": metadata,
                    "execution_count": execution_count})

    def display(self, data: dict, metadata: dict, display_id: str | None = None, update: bool = False) -> None:
        output = {"output_type": "display_data", "data": data, "metadata": metadata}
        if not update:
            self._rich(output, display_id)
            return
        with self._lock:  # an update replaces the output it names, if this cell shows it
            index = self._display_ids.get(display_id)
            if index is None:
                return
            grows = _size(output) - _size(self._outputs[index])
            if self._kept + grows > self.max_chars:
                self._dropped += _size(output)
                return
            self._kept += grows
            self._outputs[index] = output

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        """Always kept (it says why the cell failed), trimmed to the room left: its last lines first."""
        with self._lock:
            room = max(self.max_chars - self._kept, 1000)
            evalue = evalue[:room]
            used = len(ename) + len(evalue)
            kept: list[str] = []
            for line in reversed(traceback):
                if kept and used + len(line) > room:
                    break
                kept.append(line[:room])
                used += len(kept[-1])
            kept.reverse()
            self._dropped += sum(len(line) for line in traceback) - sum(len(line) for line in kept)
            self._kept += used
            self._outputs.append({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": kept})

    def clear(self) -> None:
        """IPython's clear_output(): drop what this cell showed so far."""
        with self._lock:
            self._outputs.clear()
            self._display_ids.clear()

    def finish(self) -> list[dict]:
        """The outputs, plus a line on stdout saying how much was dropped, if anything was."""
        with self._lock:
            outputs = [dict(output) for output in self._outputs]
            if self._dropped:
                note = (f"\n[output truncated: {self._dropped:,} more characters were not kept; "
                        f"a cell keeps at most {self.max_chars:,}]\n")
                if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == "stdout":
                    outputs[-1]["text"] += note
                else:
                    outputs.append({"output_type": "stream", "name": "stdout", "text": note})
            return outputs

    def _rich(self, output: dict, display_id: str | None = None) -> None:
        size = _size(output)
        with self._lock:
            if self._kept + size > self.max_chars:
                self._dropped += size
                return
            self._kept += size
            if display_id is not None:
                self._display_ids[display_id] = len(self._outputs)
            self._outputs.append(output)


def _size(output: dict) -> int:
    """Characters of a rich output: its data and metadata values."""
    return sum(len(str(value)) for part in ("data", "metadata") for value in output[part].values())


class CellStream(io.TextIOBase):
    """sys.stdout / sys.stderr while a cell runs: text goes to the current OutputLog."""

    def __init__(self, name: str, current_log, fd: int):
        self.name = name
        self._current_log = current_log
        self._fd = fd
        self.buffer = _BytesToText(self)

    @property
    def encoding(self) -> str:
        return "utf-8"

    @property
    def errors(self) -> str:
        return "strict"

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._current_log().stream(self.name, text)
        return len(text)

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        """A cell's `sys.stdout.close()` must not break the kernel's later output."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd


class _BytesToText:
    """sys.stdout.buffer: bytes written there are decoded as UTF-8 into the same stream."""

    def __init__(self, stream: CellStream):
        self._stream = stream

    def write(self, data) -> int:
        self._stream.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self) -> None:
        pass


class FdCapture:
    """File descriptors 1 and 2 become pipes; a thread per pipe feeds the current OutputLog."""

    def __init__(self, current_log):
        self._marker = b"\0sandbox-sync-" + secrets.token_hex(8).encode() + b"\0"
        self._readers = [_PipeReader(fd, name, current_log, self._marker)
                         for fd, name in ((1, "stdout"), (2, "stderr"))]

    def sync(self, timeout: float = 2.0) -> None:
        """Wait until what was written to fds 1 and 2 so far is in the log."""
        for reader in self._readers:
            reader.sync(timeout)


class _PipeReader:
    def __init__(self, fd: int, name: str, current_log, marker: bytes):
        read_end, write_end = os.pipe()
        os.dup2(write_end, fd)
        os.close(write_end)
        os.set_inheritable(read_end, False)
        self._fd = fd
        self._pipe_inode = os.fstat(fd).st_ino
        self._name = name
        self._current_log = current_log
        self._marker = marker
        self._seen = threading.Event()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        threading.Thread(target=self._drain, args=(read_end,), name=f"sandbox-{name}", daemon=True).start()

    def sync(self, timeout: float) -> None:
        try:
            if os.fstat(self._fd).st_ino != self._pipe_inode:
                return  # the cell pointed this fd elsewhere: nothing more will come through the pipe
            self._seen.clear()
            os.write(self._fd, self._marker)
        except OSError:
            return
        self._seen.wait(timeout)

    def _drain(self, read_end: int) -> None:
        pending = b""
        keep = len(self._marker) - 1  # a marker may be split between two reads
        while True:
            try:
                data = os.read(read_end, 1 << 16)
            except OSError:
                return
            if not data:
                return
            pending += data
            while (index := pending.find(self._marker)) >= 0:
                self._emit(pending[:index])
                pending = pending[index + len(self._marker):]
                self._seen.set()
            if len(pending) > keep:
                self._emit(pending[:-keep])
                pending = pending[-keep:]

    def _emit(self, data: bytes) -> None:
        if data:
            self._current_log().stream(self._name, self._decoder.decode(data))
