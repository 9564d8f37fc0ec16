"""Every student's score per task, read once from nbgrader's gradebook.

    scores = read_scores(course_config.GRADEBOOK_URL, course_config.COURSE_ID, course_config.ASSIGNMENTS)

A task is a grade cell (its grade id); an autograded task is a code cell, a
free-text answer a markdown cell that a TA grades. A task's score is nbgrader's
(the manual score when a TA set one, else the autograder's, plus extra credit).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    grade_id: str
    points: float
    autograded: bool  # a code cell the autograder scores; else a free-text answer a TA grades


@dataclass(frozen=True)
class TaskGrade:
    score: float
    auto_score: float | None
    manual_score: float | None
    needs_manual_grade: bool


@dataclass
class Submission:
    """One student's submission of one assignment."""

    student: str
    grades: dict[str, TaskGrade] = field(default_factory=dict)
    raw_score: float = 0.0
    late_penalty: float = 0.0

    @property
    def graded(self) -> bool:
        """Whether anything in it was graded: a submission the batch refused has empty grades."""
        return any(g.auto_score is not None or g.manual_score is not None for g in self.grades.values())

    @property
    def score(self) -> float:
        """What nbgrader's grades.csv calls the score: the raw score less the late penalty, at least 0."""
        return max(0.0, self.raw_score - self.late_penalty)


@dataclass
class Student:
    id: str
    first_name: str | None
    last_name: str | None


@dataclass
class ClassScores:
    tasks: dict[str, list[Task]]  # assignment -> its tasks, in notebook order
    max_scores: dict[str, float]  # assignment -> its points
    students: list[Student]
    submissions: dict[str, dict[str, Submission]]  # assignment -> student -> submission


def read_scores(db_url: str, course_id: str, assignments: dict) -> ClassScores:
    """The scores of `assignments` (course_config.ASSIGNMENTS) that the gradebook at `db_url` holds."""
    from nbgrader.api import Gradebook, MissingEntry

    tasks: dict[str, list[Task]] = {}
    max_scores: dict[str, float] = {}
    submissions: dict[str, dict[str, Submission]] = {}
    with Gradebook(db_url, course_id) as gradebook:
        students = [Student(s.id, s.first_name, s.last_name) for s in gradebook.students]
        for assignment, spec in assignments.items():
            notebook_name = spec["notebook"].rsplit(".", 1)[0]
            try:
                notebook = gradebook.find_notebook(notebook_name, assignment)
            except MissingEntry:
                continue
            kinds = {cell.name: cell.cell_type for cell in notebook.grade_cells}
            tasks[assignment] = [Task(grade_id, float(points), kinds.get(grade_id) == "code")
                                 for grade_id, points in spec["points"].items()]
            max_scores[assignment] = float(notebook.assignment.max_score)
            found = submissions[assignment] = {}
            for submitted in gradebook.assignment_submissions(assignment):
                entry = found[submitted.student.id] = Submission(
                    submitted.student.id, raw_score=float(submitted.score or 0.0),
                    late_penalty=float(submitted.late_submission_penalty or 0.0))
                for submitted_notebook in submitted.notebooks:
                    for grade in submitted_notebook.grades:
                        entry.grades[grade.name] = TaskGrade(float(grade.score), grade.auto_score,
                                                             grade.manual_score, bool(grade.needs_manual_grade))
    return ClassScores(tasks, max_scores, students, submissions)
