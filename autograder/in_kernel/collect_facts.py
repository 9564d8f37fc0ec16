"""Collect facts about a student's answer, inside the student's process.

`collect(request)` looks up the answer, runs it where the check needs it
(the model on new inputs, the function on generated arguments) and returns
plain JSON data only: what the answer is and what it did, never a verdict.
The grader judges those facts against the hidden expectations elsewhere, so
nothing the student's code patches can turn a wrong answer into points.
"""

from __future__ import annotations

from builtins import callable, issubclass, type  # bound now: a notebook that patches builtins does not reach these

from ..shared.check_registry import CHECKS, IN_KERNEL, resolve
from ..shared.dense_cases import call_args, make_cases
from . import plain_data
from .describe_model import describe_model, is_keras_model
from .model_behaviour import probe_model
from .student_code import call, describe_error, lookup, quiet


def collect(request: dict, namespace: dict | None = None) -> dict:
    """Facts for one check request: {'check': 'check_model', 'name': 'model', ...}."""
    found = lookup(request["name"], namespace)
    if not found.found:
        return {"kind": "undefined", "problem": found.problem}
    return _COLLECTORS[request["check"]](found.value, request)


def model_facts(value, n_inputs: int, seed: int) -> dict:
    """A model's class, input shape, layers, its layers' weights and its outputs on the probe batch.

    The batch is drawn from the grader's `seed`, `n_inputs` values per row unless the
    model declares its own input width.
    """
    if not is_keras_model(value):
        return {"kind": "not_model", "type": plain_data.type_name(value)}
    with quiet():
        try:
            facts = describe_model(value)
        except Exception as error:  # noqa: BLE001 - a model too broken to describe
            return {"kind": "broken_model", "problem": describe_error(error)}
        result = {
            "kind": "model",
            "class_name": facts.class_name,
            "input_shape": None if facts.input_shape is None else [_dim(n) for n in facts.input_shape],
            "layers": [{"kind": layer.kind, "units": layer.units, "activation": layer.activation,
                        "use_bias": layer.use_bias} for layer in facts.layers],
        }
        result["behaviour"], weights = probe_model(value, facts, n_inputs, seed)
        for layer, layer_weights in zip(result["layers"], weights):
            layer["weights"] = layer_weights
    return result


def _dim(n) -> int | None:
    return None if n is None else int(n)


def model_check_facts(value, request: dict) -> dict:
    return model_facts(value, int(request["n_inputs"]), int(request["seed"]))


def _callable_or_facts(value) -> dict | None:
    if not callable(value):
        return {"kind": "not_callable", "type": plain_data.type_name(value)}
    return None


def dense_forward_facts(value, request: dict) -> dict:
    problem = _callable_or_facts(value)
    if problem:
        return problem
    results = []
    for case in make_cases(request["cases"], int(request["seed"])):
        outcome = call(value, *call_args(*case))
        if outcome.raised:
            results.append({"error": describe_error(outcome.error)})
            continue
        try:
            results.append(plain_data.plain_array(outcome.value))
        except (TypeError, ValueError):
            results.append({"type": plain_data.type_name(outcome.value)})
    return {"kind": "results", "results": results}


def returns_facts(value, request: dict) -> dict:
    problem = _callable_or_facts(value)
    if problem:
        return problem
    results = []
    for args, kwargs in request["calls"]:
        outcome = call(value, *args, **kwargs)
        if outcome.raised:
            results.append({"error": describe_error(outcome.error)})
        else:
            results.append({"number": plain_data.plain_number(outcome.value),
                            "shown": plain_data.short_repr(outcome.value)})
    return {"kind": "results", "results": results}


def model_builder_facts(value, request: dict) -> dict:
    problem = _callable_or_facts(value)
    if problem:
        return problem
    results = []
    for number, (args, width) in enumerate(zip(request["calls"], request["widths"])):
        outcome = call(value, *args)
        if outcome.raised:
            results.append({"kind": "error", "error": describe_error(outcome.error)})
        else:
            results.append(model_facts(outcome.value, int(width), int(request["seed"]) + number))
    return {"kind": "results", "results": results}


def choices_facts(value, request: dict) -> dict:
    if not issubclass(type(value), dict):
        return {"kind": "not_dict", "type": plain_data.type_name(value)}
    entries = {}
    for key in request["keys"]:
        if not dict.__contains__(value, key):
            entries[key] = {"missing": True}
            continue
        chosen = dict.__getitem__(value, key)
        entries[key] = {"name": plain_data.plain_name(chosen), "shown": plain_data.short_repr(chosen)
                        if plain_data.plain_str(chosen) is not None else
                        (plain_data.plain_name(chosen) or plain_data.type_name(chosen))}
    return {"kind": "dict", "entries": entries}


# Resolved when the kernel imports this module, before any student code runs.
_COLLECTORS = {entry.name: resolve(entry.collector, IN_KERNEL) for entry in CHECKS}
