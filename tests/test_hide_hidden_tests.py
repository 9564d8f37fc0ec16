"""HideHiddenTests: feedback keeps the hidden tests' results but not their source."""
import copy

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.pipeline.hide_hidden_tests import HideHiddenTests
from autograder.shared.errors import SpecError

PLACEHOLDER = "# (hidden tests: their results are shown below)"


def hide(*cells):
    """The notebook made of `cells` after the feedback preprocessor ran."""
    notebook, _ = HideHiddenTests()(new_notebook(cells=list(cells)), {})
    return notebook


def test_hidden_region_becomes_one_comment_line_and_outputs_stay():
    outputs = [
        new_output("stream", name="stdout", text="✓ model is a Keras model\n✗ the second Dense layer of `model` has 3 units, expected 4\n"),
        new_output("execute_result", data={"text/plain": "4.5"}, execution_count=3),
    ]
    cell = new_code_cell(
        '"""Check the model."""\n'
        "from autograder import expect_model, check_model\n"
        'expect_model("model")\n'
        "### BEGIN HIDDEN TESTS\n"
        'check_model("model", input_shape=(3,), layers=[(5, "relu"), (4, "relu"), (2, "sigmoid")], points=6)\n'
        "### END HIDDEN TESTS",
        outputs=copy.deepcopy(outputs),
    )
    hidden = hide(cell).cells[0]
    assert hidden.source == (
        '"""Check the model."""\n'
        "from autograder import expect_model, check_model\n"
        'expect_model("model")\n'
        f"{PLACEHOLDER}"
    )
    assert hidden.outputs == outputs


def test_tracebacks_no_longer_quote_hidden_lines():
    """A failing visible check raises; IPython then quotes the lines after it too."""
    source = (
        '"""Check that double doubles."""\n'
        'assert callable(double), "double is not defined"\n'
        'print("✓ double is callable")\n'
        "### BEGIN HIDDEN TESTS\n"
        "ok = double(2) == 4\n"
        'print("✓ double(2) is 4" if ok else "✗ double(2) is not 4")\n'
        "### END HIDDEN TESTS"
    )
    # As IPython 9 wrote it when `double` was not defined.
    traceback = [
        "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
        "\x1b[31mNameError\x1b[39m                                 Traceback (most recent call last)",
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line 2\x1b[39m\n"
        '\x1b[32m      1\x1b[39m \x1b[33m"""Check that double doubles."""\x1b[39m\n'
        '\x1b[32m----> \x1b[39m\x1b[32m2\x1b[39m \x1b[38;5;28;01massert\x1b[39;00m callable(double), \x1b[33m"double is not defined"\x1b[39m\n'
        '\x1b[32m      3\x1b[39m print(\x1b[33m"✓ double is callable"\x1b[39m)\n'
        "\x1b[32m      4\x1b[39m \x1b[38;5;66;03m### BEGIN HIDDEN TESTS\x1b[39;00m\n"
        "\x1b[32m      5\x1b[39m ok = double(\x1b[32m2\x1b[39m) == \x1b[32m4\x1b[39m\n",
        "\x1b[31mNameError\x1b[39m: name 'double' is not defined",
    ]
    error = new_output("error", ename="NameError", evalue="name 'double' is not defined", traceback=traceback)
    hidden = hide(new_code_cell(source, outputs=[error])).cells[0]
    assert hidden.outputs[0].traceback == [
        traceback[0],
        traceback[1],
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line 2\x1b[39m\n"
        '\x1b[32m      1\x1b[39m \x1b[33m"""Check that double doubles."""\x1b[39m\n'
        '\x1b[32m----> \x1b[39m\x1b[32m2\x1b[39m \x1b[38;5;28;01massert\x1b[39;00m callable(double), \x1b[33m"double is not defined"\x1b[39m\n'
        '\x1b[32m      3\x1b[39m print(\x1b[33m"✓ double is callable"\x1b[39m)\n',
        traceback[3],
    ]
    assert (hidden.outputs[0].ename, hidden.outputs[0].evalue) == ("NameError", "name 'double' is not defined")


def test_each_region_is_replaced_and_the_code_between_them_is_kept():
    cell = new_code_cell(
        "a = 1\n"
        "### BEGIN HIDDEN TESTS\n"
        "secret_one()\n"
        "### END HIDDEN TESTS\n"
        "b = 2\n"
        "### BEGIN HIDDEN TESTS\n"
        "secret_two()\n"
        "secret_three()\n"
        "### END HIDDEN TESTS\n"
        "c = 3"
    )
    assert hide(cell).cells[0].source == f"a = 1\n{PLACEHOLDER}\nb = 2\n{PLACEHOLDER}\nc = 3"


def test_an_indented_region_keeps_its_indentation():
    cell = new_code_cell(
        "for case in cases:\n"
        "    ### BEGIN HIDDEN TESTS\n"
        "    assert secret(case)\n"
        "    ### END HIDDEN TESTS\n"
        "done()"
    )
    assert hide(cell).cells[0].source == f"for case in cases:\n    {PLACEHOLDER}\ndone()"


@pytest.mark.parametrize("cell", [
    new_code_cell('"""Check double."""\nassert double(2) == 4, "double(2) should be 4"'),
    new_markdown_cell("Hidden tests run at grading:\n### BEGIN HIDDEN TESTS\nis how they start."),
], ids=["code without hidden tests", "markdown"])
def test_cells_without_a_hidden_code_region_are_unchanged(cell):
    assert hide(copy.deepcopy(cell)).cells[0] == cell


def test_a_begin_marker_without_end_is_an_instructor_error():
    cell = new_code_cell("### BEGIN HIDDEN TESTS\nsecret()")
    with pytest.raises(SpecError, match="unpaired hidden tests marker"):
        hide(cell)


def test_the_placeholder_is_configurable():
    cell = new_code_cell("x\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS")
    notebook, _ = HideHiddenTests(placeholder="# hidden")(new_notebook(cells=[cell]), {})
    assert notebook.cells[0].source == "x\n# hidden"
