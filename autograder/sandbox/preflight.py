"""Before the first submission: can a sandboxed kernel read what grading needs? One sentence if not.

A kernel imports modules lazily (IPython's inspector, Keras submodules) long after it became
another uid or hid the course: a folder it cannot read fails every notebook, with
`ModuleNotFoundError`. The pool's warm-up kernel reads each folder Python and the autograder
package live in (a listing and a file two levels down) before any submission is graded; `check()`
raises SandboxError with the sentence an instructor needs when it cannot.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import SandboxError

# Run in the warm-up kernel: the first folder it cannot read, and why, as one JSON line.
# It skips the hidden paths (unreadable on purpose) and names starting with a dot.
PROBE = '''
import json as _json, os as _os
def _first_unreadable(folders, hidden):
    for top in folders:
        try:
            for depth in range(3):
                names = [n for n in sorted(_os.listdir(top))
                         if not n.startswith(".") and _os.path.join(top, n) not in hidden]
                files = [n for n in names if _os.path.isfile(_os.path.join(top, n))]
                if files:
                    with open(_os.path.join(top, files[0]), "rb") as f:
                        f.read(1)
                dirs = [n for n in names if _os.path.isdir(_os.path.join(top, n))]
                if not dirs:
                    break
                top = _os.path.join(top, dirs[0])
        except OSError as error:
            return [error.filename or top, error.strerror]
    return None
print(_json.dumps(_first_unreadable(%r, set(%r))))
'''


def folders_to_read() -> list[str]:
    """Python's installation and the autograder package (what a sandbox keeps visible), and the import path inside."""
    package = str(Path(__file__).resolve().parents[1])
    kept = [os.path.realpath(path) for path in (sys.base_prefix, sys.prefix, package)]
    inside = [os.path.realpath(path) for path in sys.path if path and os.path.isdir(path)]
    inside = [path for path in inside if any(path.startswith(top.rstrip("/") + "/") for top in kept)]
    return list(dict.fromkeys(path for path in kept + inside if os.path.isdir(path)))


def check(kernel, hidden_paths=(), folders: list[str] | None = None) -> None:
    """SandboxError with one sentence when `kernel` cannot read one of `folders` (folders_to_read()).

    Paths in `hidden_paths` are unreadable on purpose: the probe does not look into them.
    """
    hidden = sorted(os.path.realpath(path) for path in hidden_paths)
    folders = [folder for folder in folders or folders_to_read()
               if not any(folder == path or folder.startswith(path.rstrip("/") + "/") for path in hidden)]
    result = kernel.run_cell(PROBE % (folders, hidden))
    text = "".join(output.get("text", "") for output in result.outputs if output.get("name") == "stdout")
    try:
        found = json.loads(text)
    except ValueError:
        raise SandboxError(f"the sandbox's first kernel could not check what it can read: {result.status}, "
                           f"{result.problem or result.outputs}") from None
    if found is not None:
        path, why = found
        who = f"uid {kernel.uid}" if kernel.uid is not None else f"the grader's uid ({os.getuid()})"
        raise SandboxError(
            f"sandboxed kernels, which run as {who} in {kernel.mode} mode, cannot read "
            f"{path} ({why}), which grading needs; make the course and its .venv readable to other users "
            f"(chmod -R o+rX on the course folder, or clone it with umask 022) or keep them on a file system "
            f"with idmapped mounts (ext4, xfs, btrfs, tmpfs; not NFS)")


def fallback_advice(notes: list[str]) -> str:
    """What to do when kernels run in fallback mode, and why they do ("" for none known)."""
    why = next((note for note in notes if note.startswith("user namespaces are not available")), "")
    return ("fallback mode isolates nothing but time, memory and processes: kernels can read every file the "
            "grader can and reach the network; grade as root, or allow unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces=10000; on Ubuntu 24.04 "
            "also kernel.apparmor_restrict_unprivileged_userns=0)" + (f" [{why}]" if why else ""))
