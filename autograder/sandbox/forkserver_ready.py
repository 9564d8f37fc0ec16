"""Imported last by the sandbox's forkserver, after the preload: ready to fork, quick to stop.

- `gc.freeze()`: what the preload made (TensorFlow, Keras: about a million objects) moves to
  the permanent generation, so no kernel's garbage collection walks it or writes to its pages.
- The forkserver stops as soon as the pool closes it: when multiprocessing's loop ends (the
  grader closed its end), `os._exit(0)` runs before TensorFlow's own exit handlers, which took
  about 0.8 s and have nothing to save: a forkserver writes no file and holds no data.

Acts only in the process forkserver_setup marked, so importing it anywhere else does nothing.
"""

import atexit
import gc
import os

from . import forkserver_setup

if forkserver_setup.IN_FORKSERVER:
    gc.freeze()
    atexit.register(os._exit, 0)  # registered last, so it runs first
