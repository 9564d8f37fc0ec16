"""The shape of the facts each check's collector reports, as JSON Schema.

The grader validates what the student's process sent before judging it: a
reply that does not fit is reported as unreadable, never trusted or crashed on.
"""

from __future__ import annotations

import jsonschema

_TEXT = {"type": "string", "maxLength": 2000}
_COUNT = {"type": ["integer", "null"], "minimum": 0}


_ARRAY = {"type": "object", "required": ["shape", "values"],
          "properties": {"shape": {"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 8},
                         "values": {"type": "array", "items": {"type": ["number", "null"]}, "maxItems": 1_000_000}}}

_WEIGHTS = {"oneOf": [{"type": "null"},
                      {"type": "object", "required": ["kernel", "bias"],
                       "properties": {"kernel": _ARRAY, "bias": {"oneOf": [{"type": "null"}, _ARRAY]}}}]}

_LAYER = {"type": "object", "required": ["kind", "units", "activation", "use_bias", "weights"],
          "properties": {"kind": _TEXT, "units": _COUNT, "activation": {"type": ["string", "null"], "maxLength": 200},
                         "use_bias": {"type": ["boolean", "null"]}, "weights": _WEIGHTS}}

# What the model returned on the grader's probe batch, or the sentence saying how it failed.
_BEHAVIOUR = {"oneOf": [{"type": "object", "required": ["outputs"], "properties": {"outputs": _ARRAY}},
                        {"type": "object", "required": ["error"], "properties": {"error": _TEXT}}]}

_MODEL = {"type": "object", "required": ["kind", "class_name", "input_shape", "layers", "behaviour"],
          "properties": {"kind": {"const": "model"}, "class_name": _TEXT,
                         "input_shape": {"type": ["array", "null"], "items": _COUNT, "maxItems": 8},
                         "layers": {"type": "array", "items": _LAYER, "maxItems": 1000},
                         "behaviour": _BEHAVIOUR}}

_NOT_MODEL = {"type": "object", "required": ["kind", "type"],
              "properties": {"kind": {"const": "not_model"}, "type": _TEXT}}
_BROKEN_MODEL = {"type": "object", "required": ["kind", "problem"],
                 "properties": {"kind": {"const": "broken_model"}, "problem": _TEXT}}
_ERROR = {"type": "object", "required": ["kind", "error"], "properties": {"kind": {"const": "error"}, "error": _TEXT}}

_ANSWER_PROBLEMS = [
    {"type": "object", "required": ["kind", "problem"],
     "properties": {"kind": {"const": "undefined"}, "problem": _TEXT}},
    {"type": "object", "required": ["kind", "type"],
     "properties": {"kind": {"enum": ["not_model", "not_callable", "not_dict"]}, "type": _TEXT}},
    _BROKEN_MODEL,
]


def _results(item: dict) -> dict:
    return {"type": "object", "required": ["kind", "results"],
            "properties": {"kind": {"const": "results"}, "results": {"type": "array", "items": item, "maxItems": 100}}}


_ARRAY_RESULT = {"oneOf": [
    {"type": "object", "required": ["error"], "properties": {"error": _TEXT}},
    {"type": "object", "required": ["type"], "properties": {"type": _TEXT}},
    _ARRAY,
]}

_NUMBER_RESULT = {"oneOf": [
    {"type": "object", "required": ["error"], "properties": {"error": _TEXT}},
    {"type": "object", "required": ["number", "shown"],
     "properties": {"number": {"type": ["number", "null"]}, "shown": _TEXT}},
]}

_CHOICES = {"type": "object", "required": ["kind", "entries"],
            "properties": {"kind": {"const": "dict"}, "entries": {"type": "object", "additionalProperties": {
                "oneOf": [{"type": "object", "required": ["missing"], "properties": {"missing": {"const": True}}},
                          {"type": "object", "required": ["name", "shown"],
                           "properties": {"name": {"type": ["string", "null"], "maxLength": 200},
                                          "shown": _TEXT}}]}}}}

SCHEMAS = {
    "check_model": {"oneOf": [_MODEL, *_ANSWER_PROBLEMS]},
    "check_dense_forward": {"oneOf": [_results(_ARRAY_RESULT), *_ANSWER_PROBLEMS]},
    "check_returns": {"oneOf": [_results(_NUMBER_RESULT), *_ANSWER_PROBLEMS]},
    "check_model_builder": {"oneOf": [_results({"oneOf": [_MODEL, _NOT_MODEL, _BROKEN_MODEL, _ERROR]}),
                                      *_ANSWER_PROBLEMS]},
    "check_choices": {"oneOf": [_CHOICES, *_ANSWER_PROBLEMS]},
}


def fits(check: str, facts: object) -> bool:
    """Whether `facts` has the shape `check`'s collector produces."""
    try:
        jsonschema.validate(facts, SCHEMAS[check])
    except jsonschema.ValidationError:
        return False
    return True
