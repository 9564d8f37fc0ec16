"""The one list of hidden checks: each check's name, parameters and its two halves, named by dotted path.

    check_model("model", input_shape=(3,), layers=[(5, "relu"), (2, "sigmoid")], points=6)

A check is two halves joined by plain JSON facts. The judging half (in `autograder.judging`) says
what to ask the student's kernel for (`request`) and turns the reported facts into findings (`judge`);
the in-kernel half (in `autograder.in_kernel`) collects the facts (`collector`). The entry names them
by "module:function" and each side resolves only its own, so judging never imports in-kernel code.
Everything else is derived from this list: the names a hidden call may use (`judging.hidden_call`),
the names notebooks import (`autograder`, `in_kernel.notebook_checks`), the judges (`judging.checks`)
and the collectors (`in_kernel.collect_facts`). A new check is one entry here plus its two halves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from types import MappingProxyType

JUDGING = "autograder.judging"
IN_KERNEL = "autograder.in_kernel"


@dataclass(frozen=True)
class CheckEntry:
    name: str  # what a test cell calls, and what `from autograder import ...` gives
    doc: str  # the notebook function's docstring
    parameters: tuple[str, ...]  # keyword arguments a hidden call must give
    request: str  # judging: (name, arguments) -> the request's fields beyond check and name
    judge: str  # judging: (name, facts, arguments, request) -> findings
    collector: str  # in the kernel: (value, request) -> facts
    defaults: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # optional arguments

    def arguments(self, given: dict) -> dict:
        """The hidden call's arguments with the optional ones it left out."""
        return {**self.defaults, **given}


def _entry(name: str, doc: str, parameters: tuple[str, ...], module: str, collector: str,
           defaults: dict | None = None) -> CheckEntry:
    return CheckEntry(name, doc, parameters, f"{JUDGING}.{module}:request", f"{JUDGING}.{module}:judge",
                      f"{IN_KERNEL}.collect_facts:{collector}", MappingProxyType(dict(defaults or {})))


CHECKS = (
    _entry("check_model", "Score the Keras model called `name` against the architecture given.\n\n"
           "`show_expected=True` says the notebook already shows this network, so the grader's feedback may draw it\n"
           "beside the student's (drawn only by the sandboxed grader; the score does not depend on it).",
           ("input_shape", "layers", "points"), "judge_model", "model_check_facts", {"show_expected": False}),
    _entry("check_dense_forward", "Score a NumPy Dense forward pass against keras.layers.Dense on generated cases.",
           ("cases", "points"), "judge_dense_forward", "dense_forward_facts", {"seed": 0}),
    _entry("check_returns", "Score a function on (args, kwargs, expected) cases.",
           ("cases", "points", "what"), "judge_returns", "returns_facts"),
    _entry("check_model_builder", "Score a function that builds a Sequential for a problem, on unseen arguments.",
           ("calls", "points"), "judge_model_builder", "model_builder_facts"),
    _entry("check_choices", "Score a dict of choices (activation names or layer class names).",
           ("expected", "points", "kind"), "judge_choices", "choices_facts", {"hints": None}),
)

BY_NAME = MappingProxyType({entry.name: entry for entry in CHECKS})
NAMES = tuple(BY_NAME)


def resolve(path: str, side: str):
    """The function "module:function" names, which must belong to `side` (JUDGING or IN_KERNEL)."""
    module, _, function = path.partition(":")
    if not (module == side or module.startswith(side + ".")):
        raise ValueError(f"{path} is not in {side}: each side of a check resolves only its own half")
    return getattr(import_module(module), function)
