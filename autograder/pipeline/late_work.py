"""Due dates and the late penalty, as nbgrader applies them.

An assignment's due date is `course_config.ASSIGNMENTS[id]["due"]` (ISO 8601 with a time zone, e.g.
"2026-12-07T23:59:00+01:00"). A submission's time is nbgrader's timestamp.txt, which `nbgrader
submit` writes and `nbgrader collect` keeps. course_config.configure() wires:

- `ApplyDueDate`, first step of GenerateAssignment and of Autograde: writes the due date into the
  gradebook's assignment, so release, autograde, formgrader and `nbgrader export` (grades.csv) agree;
- `LatePenalty`, nbgrader's late-submission plugin (AssignLatePenalties.plugin_class): a notebook
  submitted late loses `per_day` of its points (its max score) for each day or part of a day late,
  at most what it scored when autograded (nbgrader's own cap). grades.csv shows raw_score,
  late_submission_penalty and score = raw_score - penalty; the feedback page shows the penalty.

Without "due", the gradebook's date stands (e.g. one set in formgrader); without one, nothing is late.
"""

from __future__ import annotations

import datetime
import math

from nbgrader.api import Gradebook
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Float, Unicode

DAY_SECONDS = 24 * 60 * 60


def parse_due(assignment: str, text: str) -> datetime.datetime:
    """The due date `text` of `assignment` as an aware datetime; ValueError in one sentence if it is not one."""
    try:
        due = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"course_config.ASSIGNMENTS[{assignment!r}]['due'] is {text!r}, not an ISO 8601 date and "
                         "time such as '2026-12-07T23:59:00+01:00'") from None
    if due.utcoffset() is None:
        raise ValueError(f"course_config.ASSIGNMENTS[{assignment!r}]['due'] is {text!r}, which has no time zone: "
                         "add one, e.g. '+00:00' for UTC")
    return due


def due_dates(assignments: dict) -> dict[str, str]:
    """{assignment: due date as given} of the assignments that have one, each checked by parse_due."""
    found = {}
    for assignment, spec in assignments.items():
        if "due" in spec:
            parse_due(assignment, spec["due"])
            found[assignment] = spec["due"]
    return found


class ApplyDueDate(NbGraderPreprocessor):
    """Set the gradebook assignment's due date from course_config before nbgrader judges lateness."""

    due_dates = Dict(help="Assignment id -> ISO 8601 due date with time zone.").tag(config=True)
    course_id = Unicode("default", help="The gradebook's course.").tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        if assignment in self.due_dates:
            # The gradebook keeps naive UTC times (as timestamp.txt is read).
            due = parse_due(assignment, self.due_dates[assignment]).astimezone(datetime.timezone.utc)
            with Gradebook(resources["nbgrader"]["db_url"], self.course_id) as gradebook:
                gradebook.update_or_create_assignment(assignment, duedate=due.replace(tzinfo=None))
        return nb, resources


class LatePenalty(LateSubmissionPlugin):
    """`per_day` of the notebook's points for each started day late."""

    per_day = Float(0.0, help="Fraction of a notebook's points lost per day or part of a day late.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        # nbgrader makes the plugin in AssignLatePenalties.preprocess, which has set these just before.
        step = self.parent
        notebook = step.gradebook.find_submission_notebook(step.notebook_id, step.assignment_id, student_id)
        return penalty_points(notebook.max_score, self.per_day, total_seconds_late)


def penalty_points(max_score: float, per_day: float, seconds_late: float) -> float:
    """Points lost: `per_day` of `max_score` per day or part of a day late.

    >>> penalty_points(14, 0.1, 1.5 * DAY_SECONDS)
    2.8
    """
    return round(max_score * per_day * math.ceil(seconds_late / DAY_SECONDS), 2)


def late_lines(gradebook_url: str, course_id: str, assignment: str, students: list[str]) -> list[str]:
    """One line per late submission among `students`: when, how late, the penalty (the batch summary's)."""
    lines = []
    with Gradebook(gradebook_url, course_id) as gradebook:
        for student in sorted(students):
            try:
                submission = gradebook.find_submission(assignment, student)
            except Exception:  # noqa: BLE001 - not in the gradebook: not graded, nothing to say here
                continue
            seconds = submission.total_seconds_late
            if seconds > 0:
                lines.append(f"{student}: submitted {submission.timestamp:%Y-%m-%d %H:%M:%S} UTC, "
                             f"{_duration(seconds)} after the due date {submission.duedate:%Y-%m-%d %H:%M:%S} UTC; "
                             f"late penalty {submission.late_submission_penalty:g} of {submission.max_score:g} "
                             f"points")
    return lines


def _duration(seconds: float) -> str:
    """How late, in days, hours, minutes and seconds.

    >>> _duration(DAY_SECONDS + 2 * 3600 + 5 * 60 + 7)
    '1 day, 2:05:07'
    """
    return str(datetime.timedelta(seconds=int(seconds)))
