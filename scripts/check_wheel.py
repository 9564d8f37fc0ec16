"""`make package`: refuse a students' wheel that holds anything but the autograder package.

    python scripts/check_wheel.py dist/autograder-0.1.0-py3-none-any.whl

The wheel is what students and the hub install: it must carry no course
material (source/ holds the solutions and hidden tests, tests/ the sample
answers, course_config.py the grading settings), only `autograder/` and its
metadata, and it must declare what the notebooks import.
"""

from __future__ import annotations

import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

# What the released notebooks and the checks they import need, beyond the standard library
# (matplotlib for the notebooks' figures, jsonschema for the checks' facts).
NOTEBOOK_IMPORTS = ("numpy", "keras", "matplotlib", "jsonschema")


def wheel_problems(wheel: Path) -> tuple[list[str], list[str]]:
    """(problems, declared requirements) of the wheel at `wheel`."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode("utf-8"))
    problems = [f"{name} is not part of the autograder package" for name in names
                if not (name.startswith("autograder/") or name.split("/")[0].endswith(".dist-info"))]
    problems += [f"{name} is not Python code" for name in names
                 if name.startswith("autograder/") and not name.endswith(".py")]
    required = metadata.get_all("Requires-Dist") or []
    unconditional = {Requirement(r).name.lower() for r in required if Requirement(r).marker is None}
    problems += [f"it does not declare {module}, which the notebooks need" for module in NOTEBOOK_IMPORTS
                 if module not in unconditional]
    return problems, required


def main(argv: list[str]) -> int:
    wheels = [Path(arg) for arg in argv]
    if len(wheels) != 1 or not wheels[0].is_file():
        print(f"make package: expected one wheel in dist/, found {', '.join(argv) or 'none'}", file=sys.stderr)
        return 1
    problems, required = wheel_problems(wheels[0])
    if problems:
        print(f"make package: {wheels[0]} is not fit for students:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"{wheels[0]}: the autograder package only (no source/, tests/ or course_config.py); "
          f"requires {', '.join(required)}.\n"
          f"Students and the hub's image: pip install \"{wheels[0]}[tensorflow]\" (or without [tensorflow] "
          f"where TensorFlow is installed already).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
