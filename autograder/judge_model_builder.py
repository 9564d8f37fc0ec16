"""Judge a function that builds a model for a problem, on unseen arguments.

Each call shares the points equally, and within a call five checks share its
part: a Sequential, the input shape, a ReLU hidden layer, the output units and
the output activation.
"""

from __future__ import annotations

from . import activation_names
from .describe_model import describe_model, is_keras_model
from .errors import SpecError
from .findings import Finding, failed, judged
from .student_code import call, call_text, describe_error, quiet

CHECKS_PER_CALL = 5


def judge_model_builder(name: str, function, calls: list[dict]) -> list[Finding]:
    findings = []
    for number, spec in enumerate(calls, start=1):
        try:
            args = tuple(spec["args"])
            n_features, n_outputs = int(args[1]), int(args[2])
            activations = activation_names.accepted(spec["output_activation"])
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise SpecError("check_model_builder calls are {'args': (problem, n_features, n_outputs), "
                            f"'output_activation': name}}; got {spec!r}") from error
        weight = 1.0 / (len(calls) * CHECKS_PER_CALL)
        findings += _judge_call(name, function, args, n_features, n_outputs, activations, weight)
    return findings


def _judge_call(name, function, args, n_features, n_outputs, activations, weight) -> list[Finding]:
    shown = call_text(name, args)
    outcome = call(function, *args)
    if outcome.raised:
        return [failed(f"{shown}", weight * CHECKS_PER_CALL, f"{shown} raised {describe_error(outcome.error)}.")]
    model = outcome.value
    if not is_keras_model(model):
        return [failed(f"{shown}", weight * CHECKS_PER_CALL,
                       f"{shown} returned {type(model).__name__}, not a Keras model.")]
    with quiet():
        facts = describe_model(model)
    where = f"the model from {shown}"
    cap = f"The model from {shown}"
    hidden, output = facts.layers[:-1], (facts.layers[-1] if facts.layers else None)
    findings = [
        judged("class", weight, facts.class_name == "Sequential", f"{cap} is a Sequential.",
               f"{cap} is a {facts.class_name} model; the task asks for a Sequential."),
        judged("input shape", weight, facts.input_shape == (n_features,),
               f"{cap} takes {n_features} features per sample.",
               f"{cap} takes inputs of shape {facts.input_shape}; with n_features={n_features} "
               f"it should take shape ({n_features},)." if facts.input_shape is not None else
               f"{cap} has no input shape: give its first layer `input_shape=` or start it with `keras.Input(...)`."),
        judged("hidden relu", weight, any(layer.activation == "relu" for layer in hidden),
               f"{cap} has a ReLU hidden layer.",
               f"{cap} has no hidden layer with a ReLU activation; the task asks for at least one."),
    ]
    if output is None:
        findings.append(failed("output", 2 * weight, f"{cap} has no layers."))
        return findings
    at = f"The output layer ({output.kind}) of {where}"
    findings += [
        judged("output units", weight, output.units == n_outputs, f"{at} has {n_outputs} units.",
               f"{at} has {output.units} units; with n_outputs={n_outputs} it needs {n_outputs}."),
        judged("output activation", weight, output.activation in activations,
               f"{at} uses activation '{output.activation}'.",
               f"{at} uses activation '{output.activation}'; "
               f"{activation_names.need(activations, n_outputs)}."),
    ]
    return findings
