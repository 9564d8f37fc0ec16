# Attack (item 1, aimed): makes the fact collector report a perfect model for every name: replaces
# autograder.collect_facts.collect, its code object (so a reference kept before the notebook ran also lies)
# and the collectors it dispatches to.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` misses its third hidden layer (4.5 of 6).
# Expected: model 5.67 and diagram_model 4.5 at most (the facts of these two models); full marks would mean the
# grader believed a description the notebook wrote itself.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))

import sys


def _perfect(request, namespace=None):
    # Self-contained (builtins and literals only): it also runs as the code of the grader's own functions.
    wanted = {"model": ([3], [(5, "relu"), (4, "relu"), (2, "sigmoid")]),
              "diagram_model": ([6], [(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")])}
    shape, layers = wanted.get(request.get("name"), wanted["model"])
    return {"kind": "model", "class_name": "Sequential", "input_shape": shape,
            "layers": [{"kind": "Dense", "units": u, "activation": a, "use_bias": True} for u, a in layers],
            "behaviour": {"ok": True, "problem": ""}}


def _perfect_model(value, request):
    return _perfect(request)


for _name, _module in list(sys.modules.items()):
    if _name.startswith("autograder") and hasattr(_module, "collect"):
        _collect = getattr(_module, "collect")
        if getattr(_collect, "__code__", None) is not None and _collect.__code__.co_freevars == ():
            _collect.__code__ = _perfect.__code__
        setattr(_module, "collect", _perfect)
    if _name.startswith("autograder") and isinstance(getattr(_module, "_COLLECTORS", None), dict):
        _module._COLLECTORS["check_model"] = _perfect_model
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
