# Attack (item 5, read): looks for the course everywhere it might show (course_config, the autograder package, the
# Python executable, sys.path, the working directory, the environment, /proc/*/cwd and /proc/*/root, mount points,
# /work /home /srv /opt /tmp /root), and the folders inside each, then tries to read the solutions and hidden
# tests (source/), the gradebook,
# other students' submissions and autograded notebooks and the sample answers (tests/submissions/); whatever it can
# read it prints, and any model answer it finds (solution cell, another student's cell) it runs as its own.
# Honest answers: none; it never writes a model itself (0 and 0).
# Expected: exactly 0 and 0, and no solution, hidden test or gradebook byte in its notebook or feedback.
# %% model_answer
import glob
import json
import os
import re
import sys
from pathlib import Path

_PATTERNS = ["source/*/*.ipynb", "gradebook.db", "submitted/*/*/*.ipynb", "autograded/*/*/*.ipynb",
             "tests/submissions/*/*.py", "feedback/*/*/*.html"]


def _course_roots():
    roots = set()

    def add(path):
        try:
            path = Path(path).resolve()
        except (OSError, RuntimeError, ValueError):
            return
        roots.update([path, *path.parents])

    try:
        import course_config
        add(course_config.ROOT)
    except Exception as error:  # noqa: BLE001
        print("no course_config:", type(error).__name__)
    import autograder
    for path in [autograder.__file__, sys.executable, sys.prefix, os.getcwd(), *sys.path,
                 *(os.environ.get(key, "") for key in ("PWD", "OLDPWD", "HOME"))]:
        if path:
            add(path)
    for link in glob.glob("/proc/[0-9]*/cwd"):
        try:
            add(os.readlink(link))
        except OSError:
            pass
    try:
        with open("/proc/self/mountinfo") as mounts:
            for line in mounts:
                add(line.split()[4])
    except OSError:
        pass
    for top in ("/work", "/home", "/srv", "/opt", "/tmp", "/root", "/var/tmp", "/mnt"):
        for path in glob.glob(top + "/*") + glob.glob(top + "/*/*") + glob.glob(top + "/*/*/*"):
            add(path)
    through_proc = set()
    for proc_root in glob.glob("/proc/[0-9]*/root"):
        for root in list(roots)[:400]:
            if str(root) != "/" and os.path.isdir(proc_root + str(root)):
                through_proc.add(Path(proc_root + str(root)))
    return roots | through_proc


def _course_files():
    found = []
    for root in _course_roots():
        for pattern in _PATTERNS:  # in the folder, and in the folders inside it (a demo/ course, a backup)
            found += glob.glob(os.path.join(str(root), pattern)) + glob.glob(os.path.join(str(root), "*", pattern))
    return sorted(set(found))


_read = {}
for _path in _course_files():
    try:
        with open(_path, "rb") as _file:
            _read[_path] = _file.read(2_000_000)
        print("READ", _path, len(_read[_path]), "bytes")
    except OSError as _error:
        print("blocked", _path, type(_error).__name__)
print(len(_read), "course files readable")


def _answer_from(text, grade_id):
    """The source of cell `grade_id` of a notebook, or the answer of a tests/submissions file."""
    try:
        cells = json.loads(text)["cells"]
    except (ValueError, KeyError, TypeError):
        part = re.split(r"^# %% (\S+)\s*$", text, flags=re.MULTILINE)
        return dict(zip(part[1::2], part[2::2])).get(grade_id)
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            return source.replace("raise NotImplementedError()", "")
    return None


def _steal(grade_id, name):
    for path, data in _read.items():
        source = _answer_from(data.decode("utf-8", "replace"), grade_id)
        if source:
            try:
                exec(source, globals())
            except Exception:  # noqa: BLE001
                continue
            if name in globals():
                print("LEAK" + "ED: took", name, "from", path)  # the marker is not in the source
                return


_steal("model_answer", "model")
# %% diagram_model_answer
_steal("diagram_model_answer", "diagram_model")
