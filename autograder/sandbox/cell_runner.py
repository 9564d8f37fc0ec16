"""Run notebook cells the way Jupyter does, in the kernel process.

An IPython InteractiveShell (magics, `In`/`Out`, `sys.last_value`,
`display()`, the `_` history all behave as in a notebook) whose display
hook, display publisher and traceback printer record nbformat v4 outputs
into an OutputLog instead of printing. `SystemExit` becomes an error output,
as in Jupyter, and `exit()` does not stop the kernel. Tracebacks have no
colour codes, so feedback shows them as plain text.
"""

from __future__ import annotations

import os
import sys

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from .captured_output import CellStream, FdCapture, ImageBudget, OutputLog
from .limits import Limits


class CellRunner:
    """`run(code)` -> ("ok" or "error", outputs); `quietly(function, *args)` runs code whose output is dropped."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.images = ImageBudget(limits.max_notebook_image_chars)  # shared by all the cells this kernel runs
        self.log = self._new_log()
        self._fds = FdCapture(lambda: self.log)
        self._streams = (CellStream("stdout", lambda: self.log, 1), CellStream("stderr", lambda: self.log, 2))
        self._attach_streams()  # before the shell exists: nothing it prints may reach the grader's terminal
        config = Config()
        config.HistoryManager.hist_file = ":memory:"
        self.shell = _Shell.instance(config=config, runner=self, colors="nocolor",
                                     displayhook_class=_DisplayHook, display_pub_class=_DisplayPublisher)
        _inline_figures(self.shell)

    def run(self, code: str) -> tuple[str, list[dict]]:
        self.log = self._new_log()
        self._attach_streams()
        try:
            result = self.shell.run_cell(code, store_history=True)
            success = result.success
        except BaseException as error:  # noqa: BLE001 - IPython itself failed (e.g. a hostile __repr__)
            self.log.error(type(error).__name__, _text(error), [f"{type(error).__name__}: {_text(error)}"])
            success = False
        finally:
            self._fds.sync()
        return ("ok" if success else "error"), self.log.finish()

    def quietly(self, function, *args):
        """Call `function(*args)` with everything it prints discarded (the grader's own calls)."""
        self.log = OutputLog(0)
        self._attach_streams()
        try:
            return function(*args)
        finally:
            self._fds.sync()
            self.log = self._new_log()

    def _new_log(self) -> OutputLog:
        return OutputLog(self.limits.max_output_chars, self.limits.max_image_chars, self.limits.max_images,
                         self.images)

    def _attach_streams(self) -> None:
        """(Re)place sys.stdout/sys.stderr: a cell may have replaced them."""
        sys.stdout, sys.stderr = self._streams


class _Shell(InteractiveShell):
    def __init__(self, runner: CellRunner, **kwargs):
        self.runner = runner  # before super().__init__: the hooks it builds read it
        super().__init__(**kwargs)

    def _showtraceback(self, etype, evalue, stb):
        self.runner.log.error(getattr(etype, "__name__", str(etype)), _text(evalue), [str(line) for line in stb])

    def ask_exit(self):
        """`exit()` in a cell: ignored, as in a Jupyter kernel run by nbconvert."""

    def enable_gui(self, gui=None):
        """`%matplotlib inline` asks for no event loop; a grading kernel has no GUI for any other."""


class _DisplayHook(DisplayHook):
    """The value of a cell's last expression becomes its execute_result."""

    def start_displayhook(self):
        pass

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.shell.runner.log.result(dict(format_dict), dict(md_dict or {}), self.prompt_count)

    def finish_displayhook(self):
        pass


class _DisplayPublisher(DisplayPublisher):
    """display(...) becomes a display_data output; clear_output() clears the cell's outputs."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        display_id = (transient or {}).get("display_id")
        self.shell.runner.log.display(dict(data), dict(metadata or {}), display_id, update)

    def clear_output(self, wait=False):
        self.shell.runner.log.clear()


def _inline_figures(shell) -> None:
    """Matplotlib figures become display_data outputs, as in Jupyter.

    The forkserver may have imported matplotlib already, choosing its backend without MPLBACKEND
    (which only the kernel's environment has): choose again, now that the shell exists.
    """
    backend = os.environ.get("MPLBACKEND")
    if not backend:
        return
    if "matplotlib.pyplot" in sys.modules:
        shell.enable_matplotlib("inline")  # what `%matplotlib inline` does
    elif "matplotlib" in sys.modules:
        import matplotlib

        matplotlib.use(backend)  # pyplot, imported by a cell, will load it as in Jupyter


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # noqa: BLE001 - a student's exception whose __str__ fails
        return f"<{type(error).__name__} whose str() failed>"
