"""What the grader accepts from a kernel: each reply checked field by field.

A kernel runs student code, so its replies are untrusted data. Each reader
here returns a fresh, well-formed value built from the checked fields only
(nbformat v4 outputs, a facts dict), or raises ProtocolError naming the
field that is wrong. Text with lone surrogates is repaired so that writing
the notebook later cannot fail.
"""

from __future__ import annotations

import re

from .protocol import ProtocolError

_SURROGATE = re.compile("[\ud800-\udfff]")

MODES = ("namespaces", "user-namespaces", "fallback")


def ready(message: dict) -> dict:
    """The kernel's first message: {"op": "ready", "mode", "uid", "problem", "notes"} (or "setup_failed")."""
    op = message.get("op")
    if op == "setup_failed":
        return {"op": op, "error": _text(message, "error")}
    _expect_op(message, "ready")
    mode = message.get("mode")
    if mode not in MODES:
        raise ProtocolError(f"'mode' is {mode!r}, expected one of {MODES}")
    uid = message.get("uid")
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, int)):
        raise ProtocolError(f"'uid' is {uid!r}, expected an int or null")
    notes = message.get("notes")
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ProtocolError("'notes' is not a list of strings")
    return {"op": op, "mode": mode, "uid": uid, "problem": _text(message, "problem"),
            "notes": [_clean(note) for note in notes]}


def cell(message: dict) -> tuple[str, list[dict]]:
    """A cell's reply: (status "ok" or "error", nbformat v4 outputs)."""
    _expect_op(message, "cell")
    status = message.get("status")
    if status not in ("ok", "error"):
        raise ProtocolError(f"'status' is {status!r}, expected 'ok' or 'error'")
    outputs = message.get("outputs")
    if not isinstance(outputs, list):
        raise ProtocolError("'outputs' is not a list")
    return status, [output(item, index) for index, item in enumerate(outputs)]


def facts(message: dict) -> tuple[str, dict | None, str]:
    """A collection's reply: ("ok", facts, "") or ("raised", None, traceback)."""
    _expect_op(message, "facts")
    status = message.get("status")
    if status == "raised":
        return status, None, _text(message, "error")
    if status != "ok":
        raise ProtocolError(f"'status' is {status!r}, expected 'ok' or 'raised'")
    value = message.get("facts")
    if not isinstance(value, dict):
        raise ProtocolError(f"'facts' is a {type(value).__name__}, expected an object")
    try:
        return status, _clean(value), ""
    except RecursionError:
        raise ProtocolError("'facts' is nested too deeply") from None


def output(item, index: int) -> dict:
    """One nbformat v4 output, rebuilt from its checked fields."""
    where = f"outputs[{index}]"
    if not isinstance(item, dict):
        raise ProtocolError(f"{where} is a {type(item).__name__}, expected an object")
    kind = item.get("output_type")
    if kind == "stream":
        name = item.get("name")
        if name not in ("stdout", "stderr"):
            raise ProtocolError(f"{where}.name is {name!r}, expected 'stdout' or 'stderr'")
        return {"output_type": kind, "name": name, "text": _text(item, "text", where)}
    if kind == "error":
        traceback = item.get("traceback")
        if not isinstance(traceback, list) or not all(isinstance(line, str) for line in traceback):
            raise ProtocolError(f"{where}.traceback is not a list of strings")
        return {"output_type": kind, "ename": _text(item, "ename", where), "evalue": _text(item, "evalue", where),
                "traceback": [_clean(line) for line in traceback]}
    if kind in ("execute_result", "display_data"):
        result = {"output_type": kind, "data": _mimebundle(item.get("data"), f"{where}.data"),
                  "metadata": _metadata(item.get("metadata"), f"{where}.metadata")}
        if kind == "execute_result":
            count = item.get("execution_count")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                raise ProtocolError(f"{where}.execution_count is {count!r}, expected an int or null")
            result["execution_count"] = count
        return result
    raise ProtocolError(f"{where}.output_type is {kind!r}, expected stream, execute_result, display_data or error")


def _mimebundle(data, where: str) -> dict:
    if not isinstance(data, dict):
        raise ProtocolError(f"{where} is not an object")
    bundle = {}
    for mime, value in data.items():
        if isinstance(value, str):
            bundle[mime] = _clean(value)
        elif isinstance(value, list) and all(isinstance(part, str) for part in value):
            bundle[mime] = [_clean(part) for part in value]
        elif mime.endswith("json"):
            bundle[mime] = _json_value(value, f"{where}[{mime!r}]")
        else:
            raise ProtocolError(f"{where}[{mime!r}] is a {type(value).__name__}, expected text")
    return bundle


def _metadata(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise ProtocolError(f"{where} is not an object")
    return _json_value(value, where)


def _json_value(value, where: str):
    try:
        return _clean(value)
    except RecursionError:
        raise ProtocolError(f"{where} is nested too deeply") from None


def _expect_op(message: dict, op: str) -> None:
    if message.get("op") != op:
        raise ProtocolError(f"'op' is {message.get('op')!r}, expected {op!r}")


def _text(message: dict, key: str, where: str = "") -> str:
    value = message.get(key)
    if not isinstance(value, str):
        name = f"{where}.{key}" if where else f"'{key}'"
        raise ProtocolError(f"{name} is a {type(value).__name__}, expected a string")
    return _clean(value)


def _clean(value):
    """`value` with every string made encodable as UTF-8 (lone surrogates become U+FFFD)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value
