"""The most frequent failed findings per task, read from the autograded notebooks' feedback lines.

A test cell's report prints one line per finding, `  ✗ <sentence> [0/1]` for a failed one
(judging/report.py). Sentences that differ only in their numbers are grouped (layer 2 or 3,
build_model('regression', 7, 1) or (..., 4, 3)); each group keeps the sentences as students saw
them, how often they were shown and to whom. Only outputs are read: never a test cell's source.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_FAILED = re.compile(r"^\s*✗ (.*) \[[^\]]*\]\s*$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Mistake:
    """Failed findings of one task that differ only in numbers."""

    sentences: Counter = field(default_factory=Counter)  # sentence as shown -> times shown
    students: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(self.sentences.values())

    @property
    def example(self) -> str:
        """The sentence shown most often (the first in alphabetical order on a tie)."""
        return min(self.sentences, key=lambda s: (-self.sentences[s], s))


def failed_sentences(notebook: dict) -> dict[str, list[str]]:
    """{grade_id: failed sentences} of the autograded test cells of one notebook (nbformat JSON)."""
    found: dict[str, list[str]] = {}
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        lines = [line for output in cell.get("outputs", []) if output.get("output_type") == "stream"
                 for line in "".join(output.get("text", "")).splitlines()]
        found[meta.get("grade_id", "")] = [m.group(1) for m in map(_FAILED.match, lines) if m]
    return found


def common_mistakes(course: Path, assignment: str, notebook_name: str) -> dict[str, list[Mistake]]:
    """{grade_id: mistakes, most students first} over every autograded notebook of `assignment`."""
    groups: dict[str, dict[str, Mistake]] = {}
    for path in sorted((Path(course) / "autograded").glob(f"*/{assignment}/{notebook_name}")):
        student = path.parts[-3]
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for grade_id, sentences in failed_sentences(notebook).items():
            for sentence in sentences:
                mistake = groups.setdefault(grade_id, {}).setdefault(_NUMBER.sub("#", sentence), Mistake())
                mistake.sentences[sentence] += 1
                mistake.students.add(student)
    return {grade_id: sorted(found.values(), key=lambda m: (-len(m.students), -m.count, m.example))
            for grade_id, found in groups.items()}
