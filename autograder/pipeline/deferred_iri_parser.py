"""jsonschema's IRI format checks build their parsers when first used, not when jsonschema is imported.

`import jsonschema` imports `rfc3987_syntax`, which builds about twenty Lark parsers at import:
1.6 s of every grading process's start-up, for the "iri" and "iri-reference" formats, which no
schema here (nbformat's, nbgrader's, the facts') uses. jsonschema may make this import lazy
(python-jsonschema/jsonschema#1428); until then, `defer()` gives jsonschema a stand-in module
whose `is_valid_syntax` imports the real package on its first call and hands the call over:
the same checks, paid for only by a schema that asks for them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

NAME = "rfc3987_syntax"


def defer() -> None:
    """Install the stand-in, unless jsonschema or the package is imported already, or it is not installed."""
    if NAME in sys.modules or "jsonschema" in sys.modules or importlib.util.find_spec(NAME) is None:
        return
    stand_in = types.ModuleType(NAME, __doc__)

    def is_valid_syntax(*args, **kwargs):
        if sys.modules.get(NAME) is stand_in:
            del sys.modules[NAME]
        return importlib.import_module(NAME).is_valid_syntax(*args, **kwargs)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[NAME] = stand_in
