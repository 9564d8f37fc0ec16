"""What a network picture shows, in plain data and in words: the student's network with its differences marked.

Built in the grading process from the facts already judged (never from the
student's objects) and drawn by `network_picture`. Every name that comes from
the student's notebook (layer kinds, activation names) is untrusted: `safe_label`
keeps letters, digits and `_.-` and caps the length before it is drawn or written.

    >>> view = submitted_view("model", {"input_shape": [3], "class_name": "Sequential", "layers": [
    ...     {"kind": "Dense", "units": 5, "activation": "relu"},
    ...     {"kind": "Dense", "units": 2, "activation": "softmax"}]}, (3,), [(5, "relu"), (2, "sigmoid")], True)
    >>> view.alt
    'submitted: 3 inputs → Dense 5 relu → Dense 2 softmax; layer 2 activation differs (expected sigmoid)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..shared import activation_names
from .findings import Finding
from .hidden_call import HiddenCall
from .judge_behaviour import behaviour_problem
from .judge_model import _align
from .judge_model_builder import builder_calls
from ..shared.call_text import call_text

MAX_LAYERS = 12  # layers drawn (and named in the alt text); a longer network ends with "… n more"
MAX_NUMBER = 10**9  # larger units or input sizes are drawn as this
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class DrawnLayer:
    """One column after the input: `mark` is "ok", "wrong", "missing" (dashed) or "extra"."""

    kind: str
    units: int | None
    activation: str
    mark: str = "ok"
    note: str = ""  # what differs, e.g. "expected sigmoid"


@dataclass(frozen=True)
class NetworkView:
    title: str
    inputs: tuple[int, ...] | None  # the input shape, None when the model has none
    input_note: str  # what is wrong with it, '' when right
    layers: tuple[DrawnLayer, ...]
    alt: str


def safe_label(text, limit: int = 20) -> str:
    """An untrusted name as it may be drawn: `_.-`, letters and digits only, at most `limit` characters."""
    cleaned = _UNSAFE.sub("", str(text if text is not None else ""))
    return cleaned if len(cleaned) <= limit else cleaned[:limit - 1] + "…"


def _shape(facts: dict) -> tuple[int, ...] | None:
    shape = facts.get("input_shape")
    return None if shape is None else tuple(min(int(n), MAX_NUMBER) if n is not None else 0 for n in shape)


def _found(layer: dict, mark: str = "ok", note: str = "") -> DrawnLayer:
    units = layer["units"] if isinstance(layer["units"], int) and not isinstance(layer["units"], bool) else None
    units = None if units is None else min(units, MAX_NUMBER)
    return DrawnLayer(safe_label(layer["kind"]), units, safe_label(layer["activation"] or "linear"), mark, note)


def inputs_phrase(shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return "no input shape"
    if len(shape) == 1:
        return f"{shape[0]} input{'s' if shape[0] != 1 else ''}"
    return f"inputs of shape {shape}"


def layer_phrase(layer: DrawnLayer) -> str:
    if layer.units is None:
        return f"{layer.kind} {layer.activation}" if layer.activation != "linear" else layer.kind
    return f"{layer.kind} {layer.units} {layer.activation}"


def chain(shape, layers) -> str:
    """`3 inputs → Dense 5 relu → Dense 2 sigmoid` (at most MAX_LAYERS layers named)."""
    shown = [layer_phrase(layer) for layer in layers[:MAX_LAYERS]]
    if len(layers) > MAX_LAYERS:
        shown.append(f"… {len(layers) - MAX_LAYERS} more layers")
    return " → ".join([inputs_phrase(shape), *shown])


def _capped(title: str, drawn) -> tuple[str, tuple[DrawnLayer, ...]]:
    """At most MAX_LAYERS columns after the input, the title saying so."""
    if len(drawn) <= MAX_LAYERS:
        return title, tuple(drawn)
    return f"{title} (first {MAX_LAYERS} of {len(drawn)} layers drawn)", tuple(drawn[:MAX_LAYERS])


def expected_view(name: str, input_shape, layers) -> NetworkView:
    """The network a task asks for (shown only where the notebook already shows it)."""
    shape = tuple(int(n) for n in input_shape)
    drawn = tuple(DrawnLayer("Dense", int(units), safe_label(_first(act))) for units, act in layers)
    title, shown = _capped(f"The network the task asks for (`{safe_label(name, 40)}`)", drawn)
    return NetworkView(title, shape, "", shown, f"expected: {chain(shape, drawn)}")


def _first(activation) -> str:
    return activation if isinstance(activation, str) else activation[0]


def submitted_view(name: str, facts: dict, input_shape, layers, show_expected: bool) -> NetworkView:
    """The student's model (facts of check_model) against `layers`; expected values named only if `show_expected`."""
    spec = [(int(units), activation_names.accepted(act), _first(act)) for units, act in layers]
    shape, wanted = _shape(facts), tuple(int(n) for n in input_shape)
    differences: list[str] = []
    input_note = ""
    if shape is None:
        input_note = f"expected {inputs_phrase(wanted)}"
        differences.append(f"no input shape (expected {inputs_phrase(wanted)})")
    elif shape != wanted:
        input_note = f"expected {inputs_phrase(wanted)}"
        differences.append(f"takes {inputs_phrase(shape)} (expected {inputs_phrase(wanted)})")

    found = facts["layers"]
    pairs = _align(facts, [(units, acts) for units, acts, _ in spec])
    drawn: list[DrawnLayer] = []
    next_found = 0

    def extras_until(stop: int) -> None:
        nonlocal next_found
        for index in range(next_found, stop):
            drawn.append(_found(found[index], "extra", "extra layer"))
            differences.append(f"layer {index + 1} ({layer_phrase(drawn[-1])}) is extra")
        next_found = max(next_found, stop)

    for position, index in enumerate(pairs):
        units, acts, named = spec[position]
        if index is None:
            missing = DrawnLayer("Dense", units, safe_label(named), "missing",
                                 "missing" if show_expected else "missing layer")
            drawn.append(missing if show_expected else DrawnLayer("Dense", None, "?", "missing", "missing layer"))
            differences.append(f"the task's layer {position + 1}"
                               + (f" ({layer_phrase(missing)})" if show_expected else "") + " is missing")
            continue
        extras_until(index)
        layer = found[index]
        notes = []
        if layer["units"] != units:
            notes.append(f"expected {units} units")
            differences.append(f"layer {index + 1} has {_units(layer['units'])} (expected {units})")
        if layer["activation"] not in acts:
            notes.append(f"expected {safe_label(named)}" if show_expected else "activation differs")
            differences.append(f"layer {index + 1} activation differs"
                               + (f" (expected {safe_label(named)})" if show_expected else ""))
        drawn.append(_found(layer, "wrong" if notes else "ok", "; ".join(notes)))
        next_found = index + 1
    extras_until(len(found))

    title = f"Your `{safe_label(name, 40)}`"
    if facts.get("class_name") != "Sequential":
        differences.insert(0, f"a {safe_label(facts.get('class_name'))} model, not a Sequential")
        title += f" (a {safe_label(facts.get('class_name'))} model, not a Sequential)"
    if not differences:
        title += ": it matches the network the task asks for"
    present = [layer for layer in drawn if layer.mark != "missing"]
    alt = f"submitted: {chain(shape, present)}; " + ("; ".join(differences[:MAX_LAYERS]) if differences
                                                    else "matches the task's network")
    title, shown = _capped(title, drawn)
    return NetworkView(title, shape, input_note, shown, alt)


def _units(units) -> str:
    return "no units" if units is None else f"{units} unit{'s' if units != 1 else ''}"


def built_view(shown: str, result: dict, n_features: int, n_outputs: int, activations) -> NetworkView:
    """The model a builder call returned (facts of check_model_builder); what was expected stays in words."""
    shape = _shape(result)
    layers = result["layers"]
    differences: list[str] = []
    input_note = ""
    if shape != (n_features,):
        input_note = f"expected {inputs_phrase((n_features,))}"
        differences.append(f"{'has no input shape' if shape is None else 'takes ' + inputs_phrase(shape)} "
                           f"(expected {inputs_phrase((n_features,))})")
    no_relu = not any(layer["activation"] == "relu" for layer in layers[:-1])
    drawn = [_found(layer, "wrong", "not relu") if no_relu else _found(layer) for layer in layers[:-1]]
    if no_relu:
        differences.append("no hidden layer uses relu")
    if layers:
        output, notes = layers[-1], []
        if output["units"] != n_outputs:
            notes.append(f"expected {n_outputs} units")
            differences.append(f"the output layer has {_units(output['units'])} (expected {n_outputs})")
        if output["activation"] not in activation_names.accepted(activations):
            notes.append("activation differs")
            differences.append("the output layer's activation differs")
        drawn.append(_found(output, "wrong" if notes else "ok", "; ".join(notes)))
    title = f"What {safe_label_call(shown)} returned" + ("" if differences else ": it has what was asked")
    alt = (f"{safe_label_call(shown)} returned: {chain(shape, drawn)}; "
           + ("; ".join(differences) if differences else "has what was asked"))
    title, columns = _capped(title, drawn)
    return NetworkView(title, shape, input_note, columns, alt)


def safe_label_call(shown: str) -> str:
    """A call as feedback shows it (`build_model('regression', 7, 1)`), built from the instructor's literals."""
    return re.sub(r"[^A-Za-z0-9_.,'()` -]", "", shown)[:80]


def views_for(call: HiddenCall, facts, request: dict, findings: list[Finding]) -> list[NetworkView]:
    """The pictures a judged check_model / check_model_builder cell shows, from the facts it was judged on.

    The student's network whenever its layers were judged (not when the facts were unreadable or its
    layers do not give its outputs); the expected network only for a check_model call with
    `show_expected=True` (the notebook shows that network already) whose answer does not match it.
    """
    if call.check == "check_model":
        a = call.arguments
        judged_layers = facts is not None and len(findings) > 1
        views = [submitted_view(call.name, facts, a["input_shape"], a["layers"], a.get("show_expected") is True)] \
            if judged_layers else []
        if a.get("show_expected") is True and not (views and all(f.passed for f in findings)):
            views.append(expected_view(call.name, a["input_shape"], a["layers"]))
        return views
    if call.check == "check_model_builder" and facts is not None and facts.get("kind") == "results" \
            and not (len(findings) == 1 and findings[0].check == "facts"):
        views = []
        for number, (spec, result) in enumerate(zip(builder_calls(call.arguments["calls"]), facts["results"])):
            if result.get("kind") == "model" and behaviour_problem(result, spec.n_features,
                                                                   request["seed"] + number) is None:
                views.append(built_view(call_text(call.name, spec.args), result, spec.n_features, spec.n_outputs,
                                        spec.activations))
        return views
    return []
