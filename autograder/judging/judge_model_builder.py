"""Judge a function that builds a model for a problem, from its models' facts.

Each call shares the points equally, and within a call five checks share its
part: a Sequential, the input shape, a ReLU hidden layer, the output units and
the output activation. A model whose reported layers do not give its reported
outputs on new inputs (`judge_behaviour`) scores 0 for its call.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..shared import activation_names
from ..shared.call_text import call_text
from ..shared.errors import SpecError
from ..shared.probe_inputs import new_seed
from .findings import Finding, failed, judged
from .judge_behaviour import behaviour_problem
from .judge_model import judge_activation, units_phrase

CHECKS_PER_CALL = 5


@dataclass(frozen=True)
class BuilderCall:
    """One call the check makes: its arguments, and what the model it returns must have."""

    args: tuple
    n_features: int
    n_outputs: int
    activations: tuple[str, ...]


def builder_calls(calls: list[dict]) -> list[BuilderCall]:
    """The calls of the instructor's spec; a malformed one is the instructor's error."""
    parsed = []
    for spec in calls:
        try:
            args = tuple(spec["args"])
            parsed.append(BuilderCall(args, int(args[1]), int(args[2]),
                                      activation_names.accepted(spec["output_activation"])))
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise SpecError("check_model_builder calls are {'args': (problem, n_features, n_outputs), "
                            f"'output_activation': name}}; got {spec!r}") from error
    return parsed


def judge_model_builder(name: str, facts: dict, calls: list[BuilderCall], seed: int) -> list[Finding]:
    """Findings for each call's model; call k's model was probed from `seed + k`."""
    weight = 1.0 / (len(calls) * CHECKS_PER_CALL)
    findings = []
    for number, (call, result) in enumerate(zip(calls, facts["results"])):
        findings += _judge_call(call_text(name, call.args), result, call.n_features, call.n_outputs,
                                call.activations, weight, seed + number)
    return findings


def _judge_call(shown, result, n_features, n_outputs, activations, weight, seed) -> list[Finding]:
    whole = weight * CHECKS_PER_CALL
    if result["kind"] == "error":
        return [failed(shown, whole, f"{shown} raised {result['error']}.")]
    if result["kind"] == "not_model":
        return [failed(shown, whole, f"{shown} returned {result['type']}, not a Keras model.")]
    if result["kind"] == "broken_model":
        return [failed(shown, whole, f"{shown} returned a model that cannot be inspected: {result['problem']}.")]
    cap = f"The model from {shown}"
    problem = behaviour_problem(result, n_features, seed)
    if problem is not None:
        return [failed(shown, whole, f"{cap} {problem}, so its layers cannot be graded.")]
    layers = result["layers"]
    hidden, output = layers[:-1], (layers[-1] if layers else None)
    shape = result["input_shape"]
    findings = [
        judged("class", weight, result["class_name"] == "Sequential", f"{cap} is a Sequential.",
               f"{cap} is a {result['class_name']} model; the task asks for a Sequential."),
        judged("input shape", weight, shape == [n_features],
               f"{cap} takes {n_features} features per sample.",
               f"{cap} takes inputs of shape {tuple(shape)}; with n_features={n_features} "
               f"it should take shape ({n_features},)." if shape is not None else
               f"{cap} has no input shape: give its first layer `input_shape=` or start it with `keras.Input(...)`."),
        judged("hidden relu", weight, any(layer["activation"] == "relu" for layer in hidden),
               f"{cap} has a ReLU hidden layer.",
               f"{cap} has no hidden layer with a ReLU activation; the task asks for at least one."),
    ]
    if output is None:
        findings.append(failed("output", 2 * weight, f"{cap} has no layers."))
        return findings
    at = f"The output layer ({output['kind']}) of the model from {shown}"
    findings += [
        judged("output units", weight, output["units"] == n_outputs, f"{at} has {n_outputs} units.",
               f"{at} has {units_phrase(output['units'])}; with n_outputs={n_outputs} it needs {n_outputs}."),
        judge_activation("output activation", weight, at, output, activations, n_outputs),
    ]
    return findings


def request(name: str, arguments: dict) -> dict:
    """check_model_builder asks for the models the function builds for the calls, probed from a fresh seed."""
    calls = builder_calls(arguments["calls"])
    return {"calls": [list(call.args) for call in calls], "widths": [call.n_features for call in calls],
            "seed": new_seed()}


def judge(name: str, facts: dict, arguments: dict, request: dict) -> list[Finding]:
    return judge_model_builder(name, facts, builder_calls(arguments["calls"]), request["seed"])
