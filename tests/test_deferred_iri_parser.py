"""jsonschema imported after autograder.pipeline builds no IRI parser until a schema asks for one."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import autograder.pipeline
import jsonschema
print("lark imported:", "lark" in sys.modules, "| stand-in:", not hasattr(sys.modules["rfc3987_syntax"], "__file__"))
checker = jsonschema.FormatChecker()
print([checker.conforms(value, form) for value, form in
       [("http://example.org/a b", "iri"), ("http://example.org/\\u00e4", "iri"), ("::", "iri-reference"),
        ("../x?y#z", "iri-reference")]])
print("lark imported:", "lark" in sys.modules, "| real:", sys.modules["rfc3987_syntax"].__file__.endswith("__init__.py"))
"""


def python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_the_parsers_are_built_on_the_first_iri_check_and_check_as_before():
    assert python(PROBE) == ("lark imported: False | stand-in: True\n"
                             "[False, True, False, True]\n"
                             "lark imported: True | real: True\n")


def test_without_the_stand_in_the_same_answers():
    plain = PROBE.replace("import autograder.pipeline\n", "").splitlines()
    assert python("\n".join(line for line in plain if "lark imported" not in line)) == "[False, True, False, True]\n"
