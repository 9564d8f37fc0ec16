"""The network pictures a judged test cell shows: which ones, their alt text, their PNGs, and what they never do.

Facts come from real Keras models (the in-kernel collector, as the sandboxed kernel reports them);
the outputs are the grader's own (`grade_cells.test_outputs`), as they go into the autograded notebook.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from autograder.in_kernel.collect_facts import collect
from autograder.judging import network_picture
from autograder.judging.checks import facts_request
from autograder.judging.hidden_call import HiddenCall
from autograder.judging.network_view import MAX_LAYERS, submitted_view
from autograder.pipeline.grade_cells import test_outputs as grader_outputs
from conftest import REPO

N2 = dict(input_shape=(3,), layers=[(5, "relu"), (4, "relu"), (2, "sigmoid")], points=6)
DIAGRAM = dict(input_shape=(6,), layers=[(10, "relu"), (8, "relu"), (6, "relu"), (3, "softmax")], points=6)
BUILDER_CALLS = [
    {"args": ("regression", 7, 1), "output_activation": "linear"},
    {"args": ("binary_classification", 12, 1), "output_activation": "sigmoid"},
    {"args": ("multiclass_classification", 20, 5), "output_activation": "softmax"},
]


def graded(call: HiddenCall, code: str) -> list[dict]:
    """The test cell outputs the grader writes for `call` on the objects `code` defines."""
    namespace: dict = {}
    exec(compile("import keras\nfrom keras import Sequential, Input\nfrom keras.layers import Dense\n" + code,
                 "<submission>", "exec"), namespace)
    request = facts_request(call)
    facts = json.loads(json.dumps(collect(request, namespace)))
    return grader_outputs(call, request, facts, "", 1)


def pictures(outputs: list[dict]) -> list[str]:
    """The alt texts of the pictures, after checking each is a whole PNG with its alt in both places."""
    alts = []
    for output in outputs:
        if output["output_type"] != "display_data":
            continue
        png = base64.b64decode(output["data"]["image/png"], validate=True)
        image = Image.open(io.BytesIO(png))
        image.load()  # a truncated PNG fails here
        assert image.format == "PNG" and image.width > 300 and png.endswith(b"IEND\xaeB`\x82")
        assert output["metadata"]["image/png"]["alt"] == output["data"]["text/plain"]
        alts.append(output["metadata"]["image/png"]["alt"])
    return alts


def model_call(spec: dict, show_expected: bool = True, name: str = "model") -> HiddenCall:
    return HiddenCall("check_model", name, dict(spec, show_expected=True) if show_expected else dict(spec))


def test_a_right_model_gets_one_picture_saying_it_matches():
    code = "model = Sequential([Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'), " \
           "Dense(2, activation='sigmoid')])"
    outputs = graded(model_call(N2), code)
    assert pictures(outputs) == [
        "submitted: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 sigmoid; matches the task's network"]
    assert [o["output_type"] for o in outputs] == ["stream", "display_data", "execute_result"]
    assert outputs[-1]["data"]["text/plain"] == "6.0"


def test_a_wrong_activation_is_named_and_the_expected_network_drawn_beside_it():
    code = "model = Sequential([Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'), " \
           "Dense(2, activation='softmax')])"
    assert pictures(graded(model_call(N2), code)) == [
        "submitted: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 softmax; "
        "layer 3 activation differs (expected sigmoid)",
        "expected: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 sigmoid",
    ]


@pytest.mark.parametrize("code, alt", [
    ("diagram_model = Sequential([Input((6,)), Dense(10, activation='relu'), Dense(8, activation='relu'), "
     "Dense(3, activation='softmax')])",
     "submitted: 6 inputs → Dense 10 relu → Dense 8 relu → Dense 3 softmax; "
     "the task's layer 3 (Dense 6 relu) is missing"),
    ("diagram_model = Sequential([Input((8,)), Dense(10, activation='relu'), Dense(8, activation='relu'), "
     "Dense(7, activation='relu'), Dense(6, activation='relu'), Dense(3, activation='softmax')])",
     "submitted: 8 inputs → Dense 10 relu → Dense 8 relu → Dense 7 relu → Dense 6 relu → Dense 3 softmax; "
     "takes 8 inputs (expected 6 inputs); layer 3 (Dense 7 relu) is extra"),
    ("diagram_model = Sequential([Dense(10, activation='sigmoid'), Dense(9, activation='relu'), "
     "Dense(6, activation='relu'), Dense(3, activation='softmax')])",
     "submitted: no input shape → Dense 10 sigmoid → Dense 9 relu → Dense 6 relu → Dense 3 softmax; "
     "no input shape (expected 6 inputs); layer 1 activation differs (expected relu); layer 2 has 9 units "
     "(expected 8)"),
])
def test_each_difference_is_said_where_it_is(code, alt):
    assert pictures(graded(model_call(DIAGRAM, name="diagram_model"), code)) == [
        alt, "expected: 6 inputs → Dense 10 relu → Dense 8 relu → Dense 6 relu → Dense 3 softmax"]


def test_without_show_expected_the_expected_network_stays_hidden():
    code = "model = Sequential([Input((3,)), Dense(5, activation='relu'), Dense(2, activation='softmax')])"
    assert pictures(graded(model_call(N2, show_expected=False), code)) == [
        "submitted: 3 inputs → Dense 5 relu → Dense 2 softmax; the task's layer 2 is missing; "
        "layer 2 activation differs"]


def test_an_undefined_model_shows_the_expected_network_only_where_the_notebook_shows_it():
    assert pictures(graded(model_call(N2), "")) == [
        "expected: 3 inputs → Dense 5 relu → Dense 4 relu → Dense 2 sigmoid"]
    assert pictures(graded(model_call(N2, show_expected=False), "")) == []


def test_a_builder_shows_each_returned_model_and_never_the_expected_one():
    code = """
def build_model(problem, n_features, n_outputs):
    out = {"regression": "linear", "binary_classification": "sigmoid", "multiclass_classification": "softmax"}
    return Sequential([Input((4,)), Dense(8, activation="tanh"), Dense(n_outputs, activation=out[problem])])
"""
    call = HiddenCall("check_model_builder", "build_model", dict(calls=BUILDER_CALLS, points=4))
    assert pictures(graded(call, code)) == [
        "`build_model('regression', 7, 1)` returned: 4 inputs → Dense 8 tanh → Dense 1 linear; "
        "takes 4 inputs (expected 7 inputs); no hidden layer uses relu",
        "`build_model('binary_classification', 12, 1)` returned: 4 inputs → Dense 8 tanh → Dense 1 sigmoid; "
        "takes 4 inputs (expected 12 inputs); no hidden layer uses relu",
        "`build_model('multiclass_classification', 20, 5)` returned: 4 inputs → Dense 8 tanh → Dense 5 softmax; "
        "takes 4 inputs (expected 20 inputs); no hidden layer uses relu",
    ]


def test_a_builders_wrong_output_activation_is_marked_without_naming_the_expected_one():
    code = """
def build_model(problem, n_features, n_outputs):
    return Sequential([Input((n_features,)), Dense(16, activation="relu"), Dense(n_outputs, activation="tanh")])
"""
    call = HiddenCall("check_model_builder", "build_model", dict(calls=BUILDER_CALLS[:1], points=4))
    assert pictures(graded(call, code)) == [
        "`build_model('regression', 7, 1)` returned: 7 inputs → Dense 16 relu → Dense 1 tanh; "
        "the output layer's activation differs"]


def test_names_from_the_notebook_are_drawn_escaped():
    facts = {"class_name": "Sequential<b>", "input_shape": [3], "layers": [
        {"kind": "Dense", "units": 5, "activation": "relu"},
        {"kind": "Dense$\\frac{1}{0}$<img src=x onerror=alert(1)>", "units": 4, "activation": "x" * 500},
        {"kind": "Dense", "units": 2, "activation": "sigmoid"}]}
    view = submitted_view("model", facts, (3,), [(5, "relu"), (4, "relu"), (2, "sigmoid")], True)
    assert view.alt == ("submitted: 3 inputs → Dense 5 relu → Densefrac10imgsrcxo… 4 xxxxxxxxxxxxxxxxxxx… → "
                        "Dense 2 sigmoid; a Sequentialb model, not a Sequential; "
                        "layer 2 activation differs (expected relu)")
    assert network_picture.draw(view).startswith(b"\x89PNG")


def test_a_very_deep_network_is_drawn_in_part():
    facts = {"class_name": "Sequential", "input_shape": [3],
             "layers": [{"kind": "Dense", "units": 10**12, "activation": "relu"}] * 999
             + [{"kind": "Dense", "units": 5, "activation": "relu"}]}
    view = submitted_view("model", facts, (3,), [(5, "relu")], True)
    assert len(view.layers) == MAX_LAYERS and view.title.endswith(f"(first {MAX_LAYERS} of 1000 layers drawn)")
    assert view.alt.startswith("submitted: 3 inputs → Dense 1000000000 relu → ")
    assert Image.open(io.BytesIO(network_picture.draw(view))).width < 1600


def test_a_picture_that_cannot_be_drawn_costs_nothing(monkeypatch):
    def broken(view):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(network_picture, "draw", broken)
    network_picture.png_base64.cache_clear()
    code = "model = Sequential([Input((3,)), Dense(5, activation='relu'), Dense(4, activation='relu'), " \
           "Dense(2, activation='sigmoid')])"
    outputs = graded(model_call(N2), code)
    assert [o["output_type"] for o in outputs] == ["stream", "execute_result"]
    assert outputs[-1]["data"]["text/plain"] == "6.0"
    network_picture.png_base64.cache_clear()


def test_drawing_imports_neither_keras_nor_the_kernel_side_nor_matplotlib():
    script = ("import sys; from autograder.judging import network_picture as p, network_view as v\n"
              "view = v.expected_view('m', (3,), [(5, 'relu'), (2, 'sigmoid')])\n"
              "assert p.draw(view).startswith(b'\\x89PNG')\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow', 'matplotlib')"
              " or m.startswith('autograder.in_kernel')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
