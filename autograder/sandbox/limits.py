"""What one sandboxed kernel may use: memory, time, processes, output, files.

The course's own values live in course_config.SANDBOX_LIMITS
(`Limits(**course_config.SANDBOX_LIMITS)`); the defaults here are the ones a
2-core, 24 GiB grading machine affords with two kernels running at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    # Bytes of memory: each process's RLIMIT_DATA (a bigger allocation raises MemoryError),
    # and the most all the kernel's processes may hold together (the parent kills it beyond), as the limit of
    # its memory cgroup too when it has one (memory_cgroup.py: memfds and files in its /tmp count as well).
    memory_bytes: int = 3 * 2**30
    # Seconds one cell (or one fact collection) may run.
    cell_timeout: float = 60.0
    # Seconds all the cells and collections of one kernel may run together.
    notebook_timeout: float = 600.0
    # RLIMIT_NPROC of the kernel's uid: its processes and threads together (namespaces mode only).
    max_processes: int = 64
    # Characters of text kept per cell (streams, errors, the text of display data); the rest is counted and dropped.
    max_output_chars: int = 100_000
    # Images (display data with an image/* part, e.g. a figure) kept per cell, and characters of their data
    # (base64 for a PNG); per notebook too. An image that does not fit is dropped whole, its text kept.
    max_images: int = 20
    max_image_chars: int = 4 * 2**20
    max_notebook_image_chars: int = 16 * 2**20
    # RLIMIT_FSIZE: the largest file the kernel may write.
    max_file_bytes: int = 50 * 2**20
    # Size of the kernel's private /tmp (its working directory, /dev/shm and /var/tmp; namespaces mode only).
    disk_bytes: int = 256 * 2**20

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            wanted = float if field.type == "float" else int
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 \
                    or (wanted is int and not isinstance(value, int)):
                raise ValueError(f"Limits.{field.name} must be a positive {wanted.__name__}, got {value!r}")
