"""The feedback page of a notebook that could not be graded: why, what it scored, what to do.

nbgrader's generate_feedback converts autograded notebooks only, so a submission that was never
graded (a symbolic link in its folder, a notebook that is not JSON, an edited read-only cell) would
get no page and its student would not learn why there is no score. `make feedback` writes this page
for each record of autograder/pipeline/ungraded_records.py, where nbgrader's page would be:

    feedback/<student>/<assignment>/<notebook>.html

It is small and self-contained, every text in it is HTML-escaped, and it shows the recorded reason
only: nothing of the notebook, the hidden tests or the solutions. Beside it go the submission's
timestamp.txt and submission_secret.txt, as beside nbgrader's pages, so that `release_feedback` can
hand it to the student (regular small files only: a refused folder may hold links).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from .ungraded_records import read_records, remove_record

# What nbgrader's release_feedback reads beside a page, copied from the submission (at most this many bytes).
SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")
SUBMISSION_FILE_BYTES = 4096
WHAT_TO_DO = ("What to do: fix this and submit your notebook again; it is then graded anew. Starting from a fresh "
              "copy of the assignment's notebook and pasting your answers back in fixes most such problems. "
              "If you do not see what is wrong, ask the course staff.")
STYLE = "body { font-family: sans-serif; max-width: 42em; margin: 2em auto; line-height: 1.5; }"


def refused_page(assignment: str, notebook: str, reason: str, points: float) -> str:
    """The page for `notebook` of `assignment`, worth `points`; `reason` is a sentence without its period."""
    assignment, notebook, reason = (html.escape(text) for text in (assignment, notebook, reason))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{assignment}: {notebook} could not be graded</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{notebook} could not be graded</h1>
<p>Your notebook {notebook} for {assignment} could not be graded.</p>
<p>Why: {reason}.</p>
<p>Score: 0 of {points:g} points for this notebook: none of its tests ran.</p>
<p>{WHAT_TO_DO}</p>
</body>
</html>
"""


def write_refused_pages(course: Path, assignment: str, notebook: str, points: float,
                        student: str | None = None) -> dict[str, Path]:
    """Write the page of every recorded submission of `assignment` (only `student`'s, if given).

    A record whose student has an autograded notebook again (regraded by plain `nbgrader
    autograde`) is stale: it is removed, and nbgrader's own page stands. As nbgrader's `--force`
    does, the page replaces whatever the student's feedback folder held before. {student: page}
    """
    course = Path(course)
    written = {}
    for who, reason in read_records(course, assignment, student).items():
        if (course / "autograded" / who / assignment / notebook).is_file():
            remove_record(course, who, assignment)
            continue
        folder = course / "feedback" / who / assignment
        if folder.is_symlink():
            folder.unlink()
        elif folder.is_dir():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / Path(notebook).with_suffix(".html").name
        page.write_text(refused_page(assignment, notebook, reason, points), encoding="utf-8")
        _copy_submission_files(course / "submitted" / who / assignment, folder)
        written[who] = page
    return written


def _copy_submission_files(submitted: Path, folder: Path) -> None:
    if submitted.is_symlink():
        return
    for name in SUBMISSION_FILES:
        source = submitted / name
        if source.is_file() and not source.is_symlink() and source.stat().st_size <= SUBMISSION_FILE_BYTES:
            (folder / name).write_bytes(source.read_bytes())
