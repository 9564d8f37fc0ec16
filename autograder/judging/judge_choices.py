"""Judge a dict of named choices (activation names, layer class names)."""

from __future__ import annotations

from ..shared import activation_names
from ..shared.errors import SpecError
from .findings import Finding, failed, judged

KINDS = ("activation", "layer")


def normalize(name: str | None, kind: str) -> str | None:
    """A chosen name as a comparable one: activations canonical, layers by class name."""
    if name is None:
        return None
    if kind == "activation":
        return activation_names.canonical(name)
    return name.strip().split(".")[-1].lower()


def choice_keys(expected: dict, kind: str) -> list:
    if kind not in KINDS:
        raise SpecError(f"check_choices kind must be 'activation' or 'layer', not {kind!r}")
    if not expected:
        raise SpecError("check_choices needs at least one expected key")
    return list(expected)


def judge_choices(name: str, facts: dict, expected: dict, kind: str, hints: dict | None = None) -> list[Finding]:
    hints = hints or {}
    keys = choice_keys(expected, kind)
    if facts["kind"] == "not_dict":
        key_list = ", ".join(repr(k) for k in keys)
        return [failed("type", 1.0, f"`{name}` is a {facts['type']}; the task asks for a dict "
                                    f"with keys {key_list}.")]
    findings = []
    for key in keys:
        entry = facts["entries"][key]
        if entry.get("missing"):
            findings.append(failed(repr(key), 1.0, f"`{name}` has no key {key!r}."))
            continue
        accepted = {normalize(value, kind) for value in expected[key]}
        ok = normalize(entry["name"], kind) in accepted
        findings.append(judged(repr(key), 1.0, ok, f"`{name}[{key!r}]` is a good choice.",
                               f"`{name}[{key!r}]` is {entry['shown']}. {_sentence(hints.get(key))}"))
    return findings


def _sentence(hint: str | None) -> str:
    """The instructor's hint as a sentence of its own."""
    text = (hint or "Reconsider this choice").strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".?!" else text + "."


def request(name: str, arguments: dict) -> dict:
    """check_choices asks for what the dict holds under the expected keys (never the expected values)."""
    return {"keys": choice_keys(arguments["expected"], arguments["kind"])}


def judge(name: str, facts: dict, arguments: dict, request: dict) -> list[Finding]:
    return judge_choices(name, facts, arguments["expected"], arguments["kind"], arguments["hints"])
