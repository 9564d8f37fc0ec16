"""Judge a dict of named choices (activation names, layer class names)."""

from __future__ import annotations

from . import activation_names
from .errors import SpecError
from .findings import Finding, failed, judged


def normalize(value, kind: str) -> str | None:
    """A student's value as a comparable name: activations canonical, layers by class name."""
    if kind == "activation":
        return activation_names.canonical(value)
    if kind == "layer":
        if isinstance(value, str):
            return value.strip().split(".")[-1].lower()
        name = getattr(value, "__name__", None)
        return name.lower() if isinstance(name, str) else None
    raise SpecError(f"check_choices kind must be 'activation' or 'layer', not {kind!r}")


def judge_choices(name: str, value, expected: dict, kind: str, hints: dict | None = None) -> list[Finding]:
    hints = hints or {}
    keys = list(expected)
    if not keys:
        raise SpecError("check_choices needs at least one expected key")
    key_list = ", ".join(repr(k) for k in keys)
    if not isinstance(value, dict):
        return [failed("type", 1.0, f"`{name}` is a {type(value).__name__}; the task asks for a dict "
                                    f"with keys {key_list}.")]
    findings = []
    for key in keys:
        accepted = {normalize(v, kind) for v in expected[key]}
        if key not in value:
            findings.append(failed(repr(key), 1.0, f"`{name}` has no key {key!r}."))
            continue
        chosen = value[key]
        ok = normalize(chosen, kind) in accepted
        hint = hints.get(key, "reconsider this choice")
        findings.append(judged(repr(key), 1.0, ok, f"`{name}[{key!r}]` is a good choice.",
                               f"`{name}[{key!r}]` is {_shown(chosen)}; {hint}."))
    return findings


def _shown(value) -> str:
    if isinstance(value, str):
        return repr(str(value))
    return getattr(value, "__name__", None) or type(value).__name__
