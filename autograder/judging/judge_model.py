"""Judge the facts of a Keras model against the architecture a task asks for.

Six families of checks share the task's points equally: the model class, the
input shape, the layer count, the units per layer, the activation per layer and
the behaviour on new inputs. A model whose reported layers do not give its
reported outputs (`judge_behaviour`) has a description that cannot be trusted,
and scores 0 with that one sentence. Units and activations are split across the
expected layers, so one wrong activation in a 3-layer network costs a third of
one family. When the layer count differs, layers are aligned by their units
(difflib), so a missing layer costs its own checks and the count, not the
layers after it.
"""

from __future__ import annotations

import difflib

from ..shared import activation_names
from ..shared.errors import SpecError
from ..shared.probe_inputs import new_seed
from .findings import Finding, failed, judged, passed
from .judge_behaviour import behaviour_problem


def validate_spec(input_shape, layers) -> tuple[tuple, list[tuple[int, tuple[str, ...]]]]:
    """The expectation in canonical form; a malformed one is the instructor's error."""
    try:
        shape = tuple(int(n) for n in input_shape)
        spec = [(int(units), activation_names.accepted(act)) for units, act in layers]
    except (TypeError, ValueError) as error:
        raise SpecError(f"check_model expects input_shape=(n,) and layers=[(units, 'activation'), ...]; "
                        f"got input_shape={input_shape!r}, layers={layers!r}") from error
    if not spec or any(None in acts for _, acts in spec):
        raise SpecError(f"check_model needs at least one layer with named activations; got {layers!r}")
    return shape, spec


def judge_model(where: str, facts: dict, input_shape, layers, seed: int,
                model_class: str = "Sequential") -> list[Finding]:
    """Findings for the facts of a model (described from the object called `where`), probed from `seed`."""
    shape, spec = validate_spec(input_shape, layers)
    problem = behaviour_problem(facts, shape[0], seed)
    if problem is not None:
        return [failed("behaviour", 1.0, f"{cap(where)} {problem}, so its layers cannot be graded.")]
    return [
        judge_class(where, facts, model_class),
        judge_input(where, facts, shape),
        _judge_count(where, facts, spec),
        *_judge_layers(where, facts, spec),
        passed("behaviour", 1.0, f"{cap(where)} runs on new inputs and computes what its layers say."),
    ]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def judge_class(where: str, facts: dict, model_class: str, weight: float = 1.0) -> Finding:
    found = facts["class_name"]
    article = "an" if found[:1] in "AEIOU" else "a"
    return judged("class", weight, found == model_class,
                  f"{cap(where)} is a {model_class}.",
                  f"{cap(where)} is {article} {found} model; the task asks for a {model_class}, "
                  f"a plain stack of layers.")


def judge_input(where: str, facts: dict, shape: tuple, weight: float = 1.0) -> Finding:
    if facts["input_shape"] is None:
        return failed("input shape", weight,
                      f"{cap(where)} has no input shape: give its first layer `input_shape=` "
                      f"or start it with `keras.Input(...)`.")
    found = tuple(facts["input_shape"])
    return judged("input shape", weight, found == shape,
                  f"{cap(where)} takes inputs of shape {shape}.",
                  f"{cap(where)} takes inputs of shape {found}; the task's network takes "
                  f"{_inputs_phrase(shape)}.")


def _inputs_phrase(shape: tuple) -> str:
    if len(shape) == 1:
        return f"{shape[0]} input{'s' if shape[0] != 1 else ''} per sample, shape {shape}"
    return f"samples of shape {shape}"


def _judge_count(where: str, facts: dict, spec) -> Finding:
    found, wanted = len(facts["layers"]), len(spec)
    kinds = ", ".join(layer["kind"] for layer in facts["layers"]) or "none"
    return judged("layer count", 1.0, found == wanted,
                  f"{cap(where)} has {wanted} layer{'s' if wanted != 1 else ''} after its input.",
                  f"{cap(where)} has {found} layer{'s' if found != 1 else ''} after its input "
                  f"({kinds}); the task's network has {wanted}.")


def _align(facts: dict, spec) -> list[int | None]:
    """For each expected layer, the index of the found layer it is judged against."""
    found = facts["layers"]
    if len(found) == len(spec):
        return list(range(len(spec)))
    matcher = difflib.SequenceMatcher(
        None, [units for units, _ in spec], [layer["units"] for layer in found], autojunk=False)
    pairs: list[int | None] = [None] * len(spec)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    return pairs


def _judge_layers(where: str, facts: dict, spec) -> list[Finding]:
    share = 1.0 / len(spec)
    findings = []
    for position, found_index in enumerate(_align(facts, spec)):
        units, acts = spec[position]
        is_output = position == len(spec) - 1
        if found_index is None:
            findings.append(failed(f"layer {position + 1}", 2 * share,
                                   f"{cap(where)} has no layer matching the task's layer {position + 1} "
                                   f"of {len(spec)}."))
            continue
        layer = facts["layers"][found_index]
        at = f"Layer {found_index + 1} ({layer['kind']}) of {where}"
        findings.append(judged(
            f"units {position + 1}", share, layer["units"] == units,
            f"{at} has {units} units.",
            f"{at} has {units_phrase(layer['units'])}; the task asks for {units} in this layer."))
        findings.append(judge_activation(f"activation {position + 1}", share, at, layer, acts,
                                         units if is_output else None))
    return findings


def judge_activation(check: str, weight: float, at: str, layer: dict, acts, units: int | None) -> Finding:
    used = f"uses activation '{layer['activation']}'" if layer["activation"] else "has no activation"
    return judged(check, weight, layer["activation"] in acts,
                  f"{at} uses activation '{layer['activation']}'.",
                  f"{at} {used}; {activation_names.need(acts, units)}.")


def units_phrase(units: int | None) -> str:
    if units is None:
        return "no units (it is not a Dense layer)"
    return f"{units} unit{'s' if units != 1 else ''}"


def request(name: str, arguments: dict) -> dict:
    """check_model asks for the model's description and its outputs on a batch drawn from a fresh seed."""
    shape, _ = validate_spec(arguments["input_shape"], arguments["layers"])
    return {"n_inputs": shape[0], "seed": new_seed()}


def judge(name: str, facts: dict, arguments: dict, request: dict) -> list[Finding]:
    return judge_model(f"`{name}`", facts, arguments["input_shape"], arguments["layers"], request["seed"])
