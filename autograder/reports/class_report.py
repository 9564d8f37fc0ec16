"""`make report ASSIGNMENT=<id>`: how the class did, one page for the instructor and the TAs.

    python -m autograder.reports.class_report 02_sequential_model [--to reports]

Writes reports/<id>/index.html with its histograms beside it (PNG files: the page opens
offline): scores per autograded task and of the total, the most frequent mistakes per task
(the feedback sentences students saw), the notebooks that could not be graded and why,
manual grading progress, and when the grading batches ran and how long they took.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, UTC
from html import escape
from pathlib import Path

from ..pipeline.batch_runs import read_runs
from ..pipeline.ungraded_records import read_records
from .common_mistakes import Mistake, common_mistakes
from .grade_exports import number
from .gradebook_scores import ClassScores, Task, read_scores
from .histograms import histogram
from .score_stats import Stats, stats

TOP_MISTAKES = 5

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .6em 0; } th, td { padding: .25em .7em; border-bottom: 1px solid #e4e4e4;
  text-align: left; vertical-align: top; } td.n, th.n { text-align: right; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; } .muted { color: #666; }
"""


def write_report(course_config, assignment: str, folder: Path) -> Path:
    """Write the report of `assignment` into `folder`; the path of its index.html."""
    course = Path(course_config.ROOT)
    notebook_name = course_config.ASSIGNMENTS[assignment]["notebook"]
    scores = read_scores(course_config.GRADEBOOK_URL, course_config.COURSE_ID,
                         {assignment: course_config.ASSIGNMENTS[assignment]})
    folder.mkdir(parents=True, exist_ok=True)
    not_graded = read_records(course, assignment)
    sections = [
        _overview(scores, assignment, not_graded),
        _scores(scores, assignment, folder),
        _mistakes(scores, assignment, common_mistakes(course, assignment, notebook_name)),
        _not_graded(not_graded),
        _manual(scores, assignment),
        _grading_time(read_runs(course, assignment)),
    ]
    written = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(assignment)}: class report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{escape(assignment)}: class report</h1>\n"
            f"<p class=\"muted\">Course {escape(course_config.COURSE_ID)}, written {written} from the gradebook "
            f"and the autograded notebooks.</p>\n" + "\n".join(sections) + "\n</body>\n</html>\n")
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def graded(scores: ClassScores, assignment: str) -> dict:
    """student -> submission, for the submissions with grades."""
    return {student: s for student, s in sorted(scores.submissions.get(assignment, {}).items()) if s.graded}


def task_scores(scores: ClassScores, assignment: str, task: Task) -> list[float]:
    return [s.grades[task.grade_id].score for s in graded(scores, assignment).values() if task.grade_id in s.grades]


def total_scores(scores: ClassScores, assignment: str) -> list[float]:
    return [s.raw_score for s in graded(scores, assignment).values()]


def _overview(scores: ClassScores, assignment: str, not_graded: dict) -> str:
    submitted = scores.submissions.get(assignment, {})
    missing = sorted(s.id for s in scores.students if s.id not in submitted)
    return (f"<p>{len(submitted)} submission{'s' if len(submitted) != 1 else ''}: "
            f"{len(graded(scores, assignment))} graded, {len(not_graded)} could not be graded."
            + (f" No submission from {len(missing)} student{'s' if len(missing) != 1 else ''} "
               f"in the gradebook: {escape(', '.join(missing))}." if missing else "") + "</p>")


def _stats_row(name: str, points: float, row: Stats | None) -> str:
    if row is None:
        return f"<tr><td>{escape(name)}</td><td class=\"n\">{number(points)}</td><td colspan=\"7\">no scores</td></tr>"
    cells = [row.n, number(row.mean), number(row.median), number(row.low), number(row.high), row.zeros, row.full]
    return (f"<tr><td>{escape(name)}</td><td class=\"n\">{number(points)}</td>"
            + "".join(f"<td class=\"n\">{cell}</td>" for cell in cells) + "</tr>")


def _scores(scores: ClassScores, assignment: str, folder: Path) -> str:
    tasks = [t for t in scores.tasks.get(assignment, []) if t.autograded]
    rows, charts = [], []
    max_score = scores.max_scores.get(assignment, 0.0)
    for name, points, values, file in (
            [(t.grade_id, t.points, task_scores(scores, assignment, t), f"task-{_file_name(t.grade_id)}.png")
             for t in tasks] + [("total", max_score, total_scores(scores, assignment), "total.png")]):
        rows.append(_stats_row(name, points, stats(values, points)))
        if values:
            alt = histogram(folder / file, values, points, f"{name} scores" if name != "total" else "the total")
            charts.append(f"<figure><img src=\"{escape(file)}\" alt=\"{escape(alt)}\"></figure>")
    return ("<h2 id=\"scores\">Scores</h2>\n<p class=\"muted\">Autograded tasks and the assignment total "
            "(free-text answers not graded yet count 0), over the graded submissions.</p>\n"
            "<table>\n<tr><th>task</th><th class=\"n\">points</th><th class=\"n\">students</th>"
            "<th class=\"n\">mean</th><th class=\"n\">median</th><th class=\"n\">min</th><th class=\"n\">max</th>"
            "<th class=\"n\">at 0</th><th class=\"n\">full marks</th></tr>\n" + "\n".join(rows) + "\n</table>\n"
            f"<div class=\"charts\">{''.join(charts)}</div>")


def _mistake_row(mistake: Mistake) -> str:
    variants = ""
    if len(mistake.sentences) > 1:
        listed = "".join(f"<li>{escape(s)} (×{n})</li>" for s, n in sorted(mistake.sentences.items()))
        variants = (f"<details><summary>{len(mistake.sentences)} sentences that differ only in numbers"
                    f"</summary><ul>{listed}</ul></details>")
    return (f"<tr><td>{escape(mistake.example)}{variants}</td><td class=\"n\">{mistake.count}</td>"
            f"<td>{escape(', '.join(sorted(mistake.students)))}</td></tr>")


def _mistakes(scores: ClassScores, assignment: str, mistakes: dict[str, list[Mistake]]) -> str:
    parts = ["<h2 id=\"mistakes\">Common mistakes</h2>\n<p class=\"muted\">The most frequent failed checks per "
             f"task (at most {TOP_MISTAKES}), as the students' feedback says them.</p>"]
    for task in (t for t in scores.tasks.get(assignment, []) if t.autograded):
        found = mistakes.get(task.grade_id, [])
        parts.append(f"<h3>{escape(task.grade_id)}</h3>")
        if not found:
            parts.append("<p>No failed checks.</p>")
            continue
        parts.append("<table>\n<tr><th>feedback sentence</th><th class=\"n\">shown</th><th>students</th></tr>\n"
                     + "\n".join(_mistake_row(m) for m in found[:TOP_MISTAKES]) + "\n</table>")
    return "\n".join(parts)


def _not_graded(records: dict[str, str]) -> str:
    if not records:
        return "<h2 id=\"not-graded\">Not graded</h2>\n<p>Every submission was graded.</p>"
    rows = "\n".join(f"<tr><td>{escape(student)}</td><td>{escape(reason)}</td></tr>"
                     for student, reason in sorted(records.items()))
    return ("<h2 id=\"not-graded\">Not graded</h2>\n<p>These notebooks could not be graded (they score 0; "
            "their students' feedback page says why):</p>\n<table>\n<tr><th>student</th><th>reason</th></tr>\n"
            f"{rows}\n</table>")


def manual_progress(scores: ClassScores, assignment: str, task: Task) -> tuple[int, int, int]:
    """(graded by a TA, left unanswered so scored 0 by nbgrader, waiting for a TA) for a free-text task."""
    grades = [s.grades[task.grade_id] for s in graded(scores, assignment).values() if task.grade_id in s.grades]
    by_ta = sum(1 for g in grades if g.manual_score is not None)
    waiting = sum(1 for g in grades if g.manual_score is None and g.needs_manual_grade)
    return by_ta, len(grades) - by_ta - waiting, waiting


def _manual(scores: ClassScores, assignment: str) -> str:
    rows = []
    for task in (t for t in scores.tasks.get(assignment, []) if not t.autograded):
        by_ta, blank, waiting = manual_progress(scores, assignment, task)
        rows.append(f"<tr><td>{escape(task.grade_id)}</td><td class=\"n\">{by_ta}</td><td class=\"n\">{blank}</td>"
                    f"<td class=\"n\">{waiting}</td></tr>")
    if not rows:
        return "<h2 id=\"manual\">Manual grading</h2>\n<p>This assignment has no free-text answers.</p>"
    return ("<h2 id=\"manual\">Manual grading</h2>\n<table>\n<tr><th>free-text answer</th><th class=\"n\">graded</th>"
            "<th class=\"n\">unanswered (0, no grading needed)</th><th class=\"n\">waiting for a TA</th></tr>\n"
            + "\n".join(rows) + "\n</table>\n<p class=\"muted\">Who graded each answer: nbgrader's gradebook does "
            "not record it (formgrader saves the score only).</p>")


def _grading_time(runs: list[dict]) -> str:
    if not runs:
        return ("<h2 id=\"grading-time\">Grading time</h2>\n<p>No batch recorded: the submissions were graded "
                "by plain <code>nbgrader autograde</code> or before batches were recorded.</p>")
    rows = []
    for run in reversed(runs):
        started = datetime.fromisoformat(run["started"]).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        per = run["seconds"] / max(run["submissions"], 1)
        rows.append(f"<tr><td>{escape(started)}</td><td class=\"n\">{run['seconds']:.1f} s</td>"
                    f"<td class=\"n\">{run['graded']} of {run['submissions']}</td><td class=\"n\">{per:.2f} s</td>"
                    f"<td>{escape(str(run['sandbox']))}</td></tr>")
    return ("<h2 id=\"grading-time\">Grading time</h2>\n<p class=\"muted\">Each run of <code>make autograde</code>, "
            "latest first.</p>\n<table>\n<tr><th>started</th><th class=\"n\">took</th><th class=\"n\">graded</th>"
            "<th class=\"n\">per submission</th><th>sandbox</th></tr>\n" + "\n".join(rows) + "\n</table>")


def _file_name(grade_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", grade_id)


def main(argv: list[str] | None = None) -> int:
    import course_config  # from the current directory, the course root (`python -m` puts it on sys.path)

    parser = argparse.ArgumentParser(prog="make report", description=__doc__.splitlines()[0])
    parser.add_argument("assignment", choices=list(course_config.ASSIGNMENTS))
    parser.add_argument("--to", type=Path, default=Path(course_config.ROOT) / "reports",
                        help="reports folder (default: reports/)")
    args = parser.parse_args(argv)
    index = write_report(course_config, args.assignment, args.to / args.assignment)
    print(f"Wrote {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
