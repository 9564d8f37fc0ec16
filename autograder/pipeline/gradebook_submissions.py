"""Create gradebook submissions whole, before nbgrader's autograde looks them up.

nbgrader's `Gradebook.add_submission` builds a new submission's notebooks and
grades before it adds the submission to the database session. Reading
`submission.assignment.notebooks` mid-way makes the session autoflush, and with
SQLAlchemy 2 (which no longer cascades a new object into the session along a
backref) that flush finds the half-built submission outside the session and
warns "SAWarning: Object of type <SubmittedAssignment> not in session, add
operation along 'Assignment.submissions' will not proceed", once per new
student. Holding the autoflush until nbgrader adds the finished submission
gives the same records and no half-built flush; nbgrader's autograde then finds
the submission and only updates it.
"""

from __future__ import annotations


def create_submissions(db_url: str, course_id: str, assignment: str, students) -> None:
    """Make sure each of `students` exists and has a submission of `assignment` in the gradebook at `db_url`."""
    if not students:
        return
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gradebook:
        for student in sorted(students):
            gradebook.update_or_create_student(student)
            with gradebook.db.no_autoflush:
                gradebook.update_or_create_submission(assignment, student)
