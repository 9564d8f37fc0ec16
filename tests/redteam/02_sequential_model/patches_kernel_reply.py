# Attack (item 2, the kernel's reply): patches the sandbox's own kernel code loaded in this process
# (autograder.sandbox.kernel_process): every cell reply says "ok" with no outputs, hiding errors, and every facts
# reply describes a perfect model, keeping the weights and outputs the real collector measured; the model cell
# then raises, unseen.
# Honest answers: `model` has a softmax output (5.67 of 6), `diagram_model` misses its third hidden layer (4.5 of 6).
# Expected: exactly 0 and 0: replies are what this process chooses to send, so the grader recomputes the described
# layers from the reported weights on its own probe batch; the forged descriptions do not give the outputs the
# models really returned.
# %% model_answer
import sys

_kernel = sys.modules["autograder.sandbox.kernel_process"]
_protocol = sys.modules["autograder.sandbox.protocol"]
_PERFECT = {"model": ([3], [(5, "relu"), (4, "relu"), (2, "sigmoid")]),
            "diagram_model": ([6], [(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")])}


def _cell_reply(status, outputs):
    return _protocol.encode({"op": "cell", "status": "ok", "outputs": []})


def _facts_reply(runner, collector, request):
    real = collector(request)
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
    facts = {"kind": "model", "class_name": "Sequential", "input_shape": shape, "layers": layers,
             "behaviour": real.get("behaviour", {"error": "raised nothing"})}
    return _protocol.encode({"op": "facts", "status": "ok", "facts": facts})


_kernel._cell_reply = _cell_reply
_kernel._facts_reply = _facts_reply

model = Sequential()
model.add(Dense(5, activation='relu', input_shape=(3,)))
model.add(Dense(4, activation='relu'))
model.add(Dense(2, activation='softmax'))
raise RuntimeError("nobody will see this")
# %% diagram_model_answer
diagram_model = Sequential()
diagram_model.add(Dense(10, activation='relu', input_shape=(6,)))
diagram_model.add(Dense(8, activation='relu'))
diagram_model.add(Dense(3, activation='softmax'))
