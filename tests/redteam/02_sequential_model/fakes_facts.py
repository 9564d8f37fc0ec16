# Attack (item 1, aimed): makes the fact collector report a perfect model for every name: replaces
# autograder.in_kernel.collect_facts.collect, its code object (so a reference kept before the notebook ran also lies)
# and the collectors it dispatches to. The forged report keeps what the real collector measured (the weights,
# and the outputs on the grader's probe batch) under a perfect description of the layers.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` misses its third hidden layer (4.5 of 6).
# Expected: exactly 0 and 0: the grader recomputes the described layers from the reported weights on its own probe
# batch, the forged description does not give the outputs the models really returned, and a description that
# does not add up is graded as nothing.
# %% model_answer
model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))

import sys

_collect_facts = sys.modules["autograder.in_kernel.collect_facts"]
_PERFECT = {"model": ([3], [(5, "relu"), (4, "relu"), (2, "sigmoid")]),
            "diagram_model": ([6], [(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")])}
# What _perfect needs, also where it runs as the code of the grader's own `collect`.
_FORGER = {"_real_check_model": _collect_facts._COLLECTORS["check_model"], "_NOTEBOOK": globals(),
           "_PERFECT": _PERFECT}
globals().update(_FORGER)
vars(_collect_facts).update(_FORGER)


def _perfect(request, namespace=None):
    real = _real_check_model(_NOTEBOOK[request["name"]], request)
    shape, wanted = _PERFECT.get(request.get("name"), _PERFECT["model"])
    measured = real.get("layers", [])
    layers = []
    for number, (units, activation) in enumerate(wanted):
        weights = measured[number]["weights"] if number < len(measured) else None
        if weights is None or weights["kernel"]["shape"][1] != units:
            n_in = shape[0] if number == 0 else wanted[number - 1][0]
            weights = {"kernel": {"shape": [n_in, units], "values": [0.0] * (n_in * units)},
                       "bias": {"shape": [units], "values": [0.0] * units}}
        layers.append({"kind": "Dense", "units": units, "activation": activation, "use_bias": True,
                       "weights": weights})
    return {"kind": "model", "class_name": "Sequential", "input_shape": shape, "layers": layers,
            "behaviour": real.get("behaviour", {"error": "raised nothing"})}


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
