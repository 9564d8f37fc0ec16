"""Sample submissions: answer files in tests/submissions turned into submitted notebooks.

Each `tests/submissions/<assignment>/<student>.py` holds a student's answers,
one per answer cell, each headed by `# %% <grade_id>`; the lines before the
first header describe the student. A submission is the released notebook with
those cells' sources replaced; cells a student did not answer keep the
release's placeholder, as when a student leaves them untouched.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "submissions"
_HEADER = re.compile(r"^# %% (\S+)\s*$", re.MULTILINE)

sys.path.insert(0, str(REPO))
import course_config  # noqa: E402


def read_answers(path: Path) -> dict[str, str]:
    """{grade_id: source} from one student's answer file."""
    parts = _HEADER.split(path.read_text(encoding="utf-8"))
    return {grade_id: body.strip("\n") for grade_id, body in zip(parts[1::2], parts[2::2])}


def students(assignment: str) -> list[str]:
    return sorted(p.stem for p in (SAMPLES / assignment).glob("*.py"))


def build_submission(release_notebook: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    notebook = nbformat.read(release_notebook, as_version=nbformat.NO_CONVERT)
    known = set()
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
            known.add(grade_id)
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"{release_notebook}: no answer cell with grade_id {sorted(unknown)}")
    return notebook


def place_sample_submissions(course_root: Path, assignments=None) -> list[Path]:
    """Write every sample submission into `<course_root>/submitted/<student>/<assignment>/`."""
    written = []
    for assignment in assignments or course_config.ASSIGNMENTS:
        notebook_name = course_config.ASSIGNMENTS[assignment]["notebook"]
        release = course_root / "release" / assignment / notebook_name
        for student in students(assignment):
            answers = read_answers(SAMPLES / assignment / f"{student}.py")
            target = course_root / "submitted" / student / assignment / notebook_name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(build_submission(release, answers), target)
            written.append(target)
    return written


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO
    for path in place_sample_submissions(root):
        print(path.relative_to(root))
