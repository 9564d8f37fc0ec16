"""Feedback preprocessor: hide the hidden tests' source, keep their results.

Stock nbgrader feedback shows the full source of test cells, hidden tests
included (nbgrader issue #917), and so does the traceback of an error raised
in a test cell: IPython quotes the lines around the failing one. The outputs
stay (they are the grader's messages); only the quoted hidden lines go.
course_config.configure() adds this preprocessor to GenerateFeedback.
"""
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

from ..shared.errors import SpecError

# From the line with BEGIN HIDDEN TESTS to the line with END HIDDEN TESTS,
# both included, like nbgrader's ClearHiddenTests; group 1 is the indentation.
HIDDEN_REGION = re.compile(
    r"^([ \t]*)[^\n]*BEGIN HIDDEN TESTS.*?END HIDDEN TESTS[^\n]*",
    re.MULTILINE | re.DOTALL,
)
ANSI_COLOR = re.compile(r"\x1b\[[0-9;]*m")
# A source line quoted in an IPython traceback: "      5 code" or "----> 5 code".
QUOTED_LINE = re.compile(r"^\s*(?:-+>)?\s*\d+ (.*)$")


def hide_hidden_tests(source, placeholder):
    """Return `source` with every hidden tests region replaced by `placeholder`.

    >>> hide_hidden_tests("a\\n### BEGIN HIDDEN TESTS\\nb\\n### END HIDDEN TESTS\\nc", "# hidden")
    'a\\n# hidden\\nc'
    """
    hidden = HIDDEN_REGION.sub(lambda m: m.group(1) + placeholder, source)
    if "BEGIN HIDDEN TESTS" in hidden or "END HIDDEN TESTS" in hidden:
        raise SpecError(f"unpaired hidden tests marker in a cell:\n{source}")
    return hidden


def hidden_lines(source):
    """The lines of the hidden tests regions of `source`, markers included, stripped."""
    regions = (match.group(0) for match in HIDDEN_REGION.finditer(source))
    return {line.strip() for region in regions for line in region.split("\n") if line.strip()}


def without_quoted_lines(traceback, lines):
    """An IPython traceback (a list of strings) without the source lines it quotes from `lines`."""
    def quotes_one(line):
        quoted = QUOTED_LINE.match(ANSI_COLOR.sub("", line))
        return quoted is not None and quoted.group(1).strip() in lines

    return ["\n".join(line for line in entry.split("\n") if not quotes_one(line)) for entry in traceback]


class HideHiddenTests(Preprocessor):
    """In code cells, replace each hidden tests region by one comment line and drop it from tracebacks."""

    enabled = Bool(True, help="On by default, unlike nbconvert's own preprocessors.").tag(config=True)
    placeholder = Unicode(
        "# (hidden tests: their results are shown below)",
        help="The line that stands for a hidden tests region.",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            hidden = hidden_lines(cell.source)
            cell.source = hide_hidden_tests(cell.source, self.placeholder)
            for output in cell.outputs:
                if hidden and output.output_type == "error":
                    output.traceback = without_quoted_lines(output.traceback, hidden)
        return cell, resources
