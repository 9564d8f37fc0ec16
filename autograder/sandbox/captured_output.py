"""Everything a cell shows, as nbformat v4 outputs, capped in size (kernel side, checked again by the grader).

OutputLog keeps one cell's outputs within two budgets: text (streams, errors,
and the text parts of rich outputs) up to `max_chars` characters, the head
kept; and images (the image/* parts of rich outputs, e.g. a figure's
base64 PNG) up to `max_images` images and `max_image_chars` characters per
cell, and what is left of the notebook's ImageBudget. An image that does not
fit is dropped whole while its text stands in for it (e.g. "<Figure size
640x480 with 1 Axes>"). What was dropped is counted, and a last line says
so. CellStream stands in for sys.stdout/sys.stderr; FdCapture points file
descriptors 1 and 2 at pipes drained into the current log, so output written
by C code or by child processes is shown too and never reaches the grader's
terminal. `cap_outputs` applies the same budgets to outputs a kernel sent,
which the grader cannot trust to be capped.
"""

from __future__ import annotations

import codecs
import io
import os
import secrets
import threading

# Slack the grader allows over `max_chars` when it checks what a kernel kept: the kernel's own
# truncation notes and an error's last lines (always kept, at least 1,000 characters).
NOTE_ROOM = 4096


class ImageBudget:
    """Characters of image data a whole notebook may keep, shared by its cells' OutputLogs."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.used = 0


class OutputLog:
    """One cell's outputs: `stream()`, `result()`, `display()`, `error()`, then `finish()`."""

    def __init__(self, max_chars: int, max_image_chars: int = 0, max_images: int = 0,
                 notebook_images: ImageBudget | None = None):
        self.max_chars = max_chars
        self.max_image_chars = max_image_chars
        self.max_images = max_images
        self._notebook_images = notebook_images or ImageBudget(max_image_chars)
        self._outputs: list[dict] = []
        self._kept = 0
        self._dropped = 0
        self._images_kept = 0  # image outputs (display data with an image/* part) kept now, and their characters
        self._image_chars = 0
        self._images_dropped = 0
        self._image_chars_dropped = 0
        self._charges: dict[int, int] = {}  # index of each image output kept -> its characters
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
        with self._lock:  # an update replaces the output it names, if this cell shows it, and fits whole
            index = self._display_ids.get(display_id)
            if index is None:
                return
            old_charge = self._charges.pop(index, None)
            if old_charge:
                self._release(old_charge)
            size, is_image = _size(output), _has_image(output)
            if is_image and self._fits(size):
                self._charge(index, size)
                self._kept -= 0 if old_charge else _size(self._outputs[index])
                self._outputs[index] = output
                return
            grows = size - (0 if old_charge else _size(self._outputs[index]))
            if is_image or self._kept + grows > self.max_chars:
                if old_charge:
                    self._charge(index, old_charge)
                if is_image:
                    self._count_dropped_image(size)
                else:
                    self._dropped += size
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
        """IPython's clear_output(): drop what this cell showed so far (its images no longer count)."""
        with self._lock:
            for charge in self._charges.values():
                self._release(charge)
            self._outputs.clear()
            self._charges.clear()
            self._display_ids.clear()

    def finish(self) -> list[dict]:
        """The outputs, plus a line on stdout saying what was dropped, if anything was."""
        with self._lock:
            outputs = [dict(output) for output in self._outputs]
            notes = []
            if self._dropped:
                notes.append(f"[output truncated: {self._dropped:,} more characters were not kept; "
                             f"a cell keeps at most {self.max_chars:,}]")
            if self._images_dropped:
                count = "1 image was" if self._images_dropped == 1 else f"{self._images_dropped:,} images were"
                notes.append(f"[images truncated: {count} not kept ({self._image_chars_dropped:,} characters); "
                             f"a cell keeps at most {self.max_images:,} images and "
                             f"{_size_text(self.max_image_chars)} of them, a notebook "
                             f"{_size_text(self._notebook_images.max_chars)}]")
            if notes:
                note = "\n" + "\n".join(notes) + "\n"
                if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == "stdout":
                    outputs[-1]["text"] += note
                else:
                    outputs.append({"output_type": "stream", "name": "stdout", "text": note})
            return outputs

    def _rich(self, output: dict, display_id: str | None = None) -> None:
        with self._lock:
            index = len(self._outputs)
            if _has_image(output):
                size = _size(output)
                if self._fits(size):
                    self._charge(index, size)
                    self._keep(output, display_id)
                    return
                output = _without_images(output)  # its text stands in for the image
                self._count_dropped_image(size - _size(output))
                if not output["data"]:
                    return
            size = _size(output)
            if self._kept + size > self.max_chars:
                self._dropped += size
                return
            self._kept += size
            self._keep(output, display_id)

    def _keep(self, output: dict, display_id: str | None) -> None:
        if display_id is not None:
            self._display_ids[display_id] = len(self._outputs)
        self._outputs.append(output)

    def _fits(self, chars: int) -> bool:
        """Whether one more image output of `chars` characters fits the cell's and the notebook's budgets."""
        return (self._images_kept + 1 <= self.max_images
                and self._image_chars + chars <= self.max_image_chars
                and self._notebook_images.used + chars <= self._notebook_images.max_chars)

    def _charge(self, index: int, chars: int) -> None:
        self._charges[index] = chars
        self._images_kept += 1
        self._image_chars += chars
        self._notebook_images.used += chars

    def _release(self, chars: int) -> None:
        self._images_kept -= 1
        self._image_chars -= chars
        self._notebook_images.used -= chars

    def _count_dropped_image(self, chars: int) -> None:
        self._images_dropped += 1
        self._image_chars_dropped += chars


def _has_image(output: dict) -> bool:
    return any(_is_image(mime) for mime in output["data"])


def _is_image(mime: str) -> bool:
    return mime.startswith("image/")


def _size(output: dict) -> int:
    """Characters of a rich output: its data and metadata values (an image output counts them all as image)."""
    return (sum(len(_joined(value)) for value in output["data"].values())
            + sum(len(str(value)) for value in output["metadata"].values()))


def _joined(value) -> str:
    """A mimebundle value as nbformat stores it: a string, or a list of lines."""
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return str(value)


def _without_images(output: dict) -> dict:
    """The output with its image parts (and their metadata) left out."""
    return dict(output, data={mime: value for mime, value in output["data"].items() if not _is_image(mime)},
                metadata={key: value for key, value in output["metadata"].items() if not _is_image(key)})


def _size_text(chars: int) -> str:
    return f"{chars / 2**20:g} MiB" if chars >= 2**20 else f"{chars:,} characters"


def cap_outputs(outputs: list[dict], max_chars: int, max_image_chars: int, max_images: int,
                notebook_images: ImageBudget) -> list[dict]:
    """A kernel's reply for one cell, held to the budgets its OutputLog applies (the grader's check).

    A kernel runs student code, which could send its outputs past its own OutputLog; an honest
    kernel's outputs come back unchanged (text gets NOTE_ROOM of slack for the kernel's notes).
    """
    log = OutputLog(max_chars + NOTE_ROOM, max_image_chars, max_images, notebook_images)
    for output in outputs:
        kind = output["output_type"]
        if kind == "stream":
            log.stream(output["name"], output["text"])
        elif kind == "error":
            log.error(output["ename"], output["evalue"], output["traceback"])
        elif kind == "execute_result":
            log.result(output["data"], output["metadata"], output["execution_count"])
        else:
            log.display(output["data"], output["metadata"])
    log.max_chars = max_chars  # the note, if any, names the course's limit
    return log.finish()


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
        self._readers = [_PipeReader(fd, name, current_log, self._marker) for fd, name in ((1, "stdout"), (2, "stderr"))]

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
