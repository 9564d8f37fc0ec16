"""The course's feedback step: nbgrader's GenerateFeedback, plus a page for each notebook that could not be graded.

`make feedback`, `nbgrader generate_feedback` and formgrader's "Generate Feedback" button
(nbgrader.apps.NbGraderAPI.generate_feedback) all run this one converter, so they write the same
pages: nbgrader's own for every autograded notebook (with the preprocessors course_config.configure()
gives GenerateFeedback: hidden tests hidden, students' scripts dropped), then, for each submission the
batch grader recorded as not graded (autograder/pipeline/ungraded_records.py), the page of
autograder/pipeline/refused_feedback.py, where nbgrader's page would be. An assignment whose every
submission was refused has no autograded notebook; that is not an error here.

nbgrader's CLI app and its API name the converter class they run (`GenerateFeedback`) in their own
modules and offer no setting for it, so `use_course_feedback()` (called by course_config.configure(),
i.e. by every process that reads nbgrader_config.py) puts this class there.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import GenerateFeedback, NbGraderException

from .refused_feedback import write_refused_pages
from .ungraded_records import read_records


class CourseFeedback(GenerateFeedback):
    """GenerateFeedback that also writes the page of each submission recorded as not graded."""

    def init_notebooks(self) -> None:
        try:
            super().init_notebooks()
        except NbGraderException:
            if not self._records():
                raise
            self.assignments = {}  # only refused submissions: their pages are written in start()

    def start(self) -> None:
        super().start()
        self._write_refused_pages()

    def _assignment_ids(self) -> list[str]:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            known = [assignment.name for assignment in gradebook.assignments]
        return [name for name in known if fnmatch.fnmatchcase(name, self.coursedir.assignment_id)]

    def _records(self) -> dict[str, dict[str, str]]:
        """{assignment: {student: reason}} of the selected students' submissions recorded as not graded."""
        course = Path(self.coursedir.root)
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        found = {}
        for assignment in self._assignment_ids():
            records = {student: reason for student, reason in read_records(course, assignment).items()
                       if fnmatch.fnmatchcase(student, self.coursedir.student_id or "*") and student not in excluded}
            if records:
                found[assignment] = records
        return found

    def _write_refused_pages(self) -> None:
        course = Path(self.coursedir.root)
        for assignment, records in sorted(self._records().items()):
            notebook, points = self._notebook_of(assignment)
            for student in sorted(records):
                pages = write_refused_pages(course, assignment, notebook, points, student)
                for page in pages.values():
                    self.log.warning("%s: %s's notebook could not be graded; %s says why.",
                                     assignment, student, page.relative_to(course))

    def _notebook_of(self, assignment: str) -> tuple[str, float]:
        """The file name and points of the assignment's one notebook, from the gradebook."""
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                notebooks = gradebook.find_assignment(assignment).notebooks
            except MissingEntry:
                notebooks = []
            if len(notebooks) != 1:
                raise NbGraderException(f"{assignment} has {len(notebooks)} notebooks in the gradebook; "
                                        "a page for a notebook that could not be graded needs exactly one")
            return f"{notebooks[0].name}.ipynb", notebooks[0].max_score


def use_course_feedback() -> None:
    """Make nbgrader's `generate_feedback` command and its API (formgrader's buttons) run CourseFeedback."""
    from nbgrader.apps import api, generatefeedbackapp

    api.GenerateFeedback = CourseFeedback
    generatefeedbackapp.GenerateFeedback = CourseFeedback
