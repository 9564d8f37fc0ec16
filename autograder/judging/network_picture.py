"""Draw a `NetworkView` as a PNG in the style of the lesson's "How about this model?" picture.

The lesson's picture, as its `draw_network` cell draws it: one column of
neurons per layer (here at most 8 drawn), every neighbour linked in grey, the
input blue, hidden layers orange, the output green, and under each column the
layer's kind, units and activation. What differs from the task is drawn where
it is: a wrong layer filled red with what was expected under it in red, a
missing layer dashed, an extra layer purple, a wrong input shape labelled in red.

Drawn with Pillow (matplotlib's own image library) rather than matplotlib:
the same picture costs ~10 ms instead of ~130 ms, which the batch grader's
speed needs (measured; see README). Drawn at twice the size and reduced, so
lines and circles are smooth. Cached: a class submits few distinct networks.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import logging
import math
from functools import lru_cache
from pathlib import Path

from .network_view import NetworkView, views_for

log = logging.getLogger(__name__)

MAX_DRAWN = 8
GAP = 3.2  # horizontal distance between columns, in neuron-spacing units
UNIT = 34  # pixels per unit in the final picture
SS = 2  # supersampling factor
INPUT, HIDDEN, OUTPUT = "#9ecae1", "#fdae6b", "#a1d99b"  # the lesson's colours
WRONG, EXTRA, NOTE, LINK = "#ef3b2c", "#bcbddc", "#b2182b", "#b3b3b3"


def network_outputs(call, facts, request: dict, findings) -> list[dict]:
    """The display_data outputs of a judged test cell's network pictures; none if drawing fails (logged)."""
    try:
        return [picture_output(view) for view in views_for(call, facts, request, findings)]
    except Exception:  # noqa: BLE001 - a picture is a courtesy: it never costs a grade
        log.exception("could not draw the network pictures of %s(%r)", call.check, call.name)
        return []


def picture_output(view: NetworkView) -> dict:
    """A display_data output: the PNG with its alt text (nbconvert writes it as the <img>'s alt)."""
    return {"output_type": "display_data",
            "data": {"image/png": png_base64(view), "text/plain": view.alt},
            "metadata": {"image/png": {"alt": view.alt}}}


@lru_cache(maxsize=256)
def png_base64(view: NetworkView) -> str:
    return base64.b64encode(draw(view)).decode("ascii")


@lru_cache(maxsize=4)
def _font(bold: bool, size: int):
    from PIL import ImageFont

    # matplotlib's DejaVu Sans, the lesson picture's font; found without importing matplotlib.
    fonts = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0], "mpl-data", "fonts", "ttf")
    return ImageFont.truetype(str(fonts / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _column_size(units: int | None) -> int:
    return 3 if units is None else max(1, min(units, MAX_DRAWN))


def draw(view: NetworkView) -> bytes:
    """The PNG bytes of `view`."""
    from PIL import Image, ImageDraw

    n_inputs = None if view.inputs is None else math.prod(max(n, 0) for n in view.inputs)
    sizes = [_column_size(n_inputs)] + [_column_size(layer.units) for layer in view.layers]
    scale = UNIT * SS
    labels = list(_labels(view, n_inputs, sizes))
    legend = _legend(view)
    text_lines = max(text.count("\n") + 1 + (note.count("; ") + 1 if note else 0) for _, text, note in labels)
    left, top = 2.4, 1.4 + (MAX_DRAWN - 1) / 2  # where column 0's centre line is, in units
    width = (len(sizes) - 1) * GAP + 2 * left
    height = top + (MAX_DRAWN - 1) / 2 + 0.9 + (text_lines + bool(legend)) * 0.56 + 0.5
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    pen = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + x) * scale, (top - y) * scale

    columns = [[(col * GAP, (size - 1) / 2 - k) for k in range(size)] for col, size in enumerate(sizes)]
    missing = {col + 1 for col, layer in enumerate(view.layers) if layer.mark == "missing"}
    if view.inputs is None:
        missing.add(0)
    for col, (lefts, rights) in enumerate(zip(columns[:-1], columns[1:])):
        for p in lefts:
            for q in rights:
                if {col, col + 1} & missing:
                    _dashed_line(pen, at(*p), at(*q), scale * 0.25, "#d0d0d0", SS)
                else:
                    pen.line([at(*p), at(*q)], fill=LINK, width=SS)

    fills = [WRONG if view.input_note else INPUT]
    for col, layer in enumerate(view.layers, start=1):
        default = OUTPUT if col == len(view.layers) else HIDDEN
        fills.append({"wrong": WRONG, "extra": EXTRA}.get(layer.mark, default))
    radius = 0.3 * scale
    for col, points in enumerate(columns):
        for p in points:
            x, y = at(*p)
            box = [x - radius, y - radius, x + radius, y + radius]
            if col in missing:
                pen.ellipse(box, fill="white")
                for start in range(0, 360, 40):
                    pen.arc(box, start, start + 22, fill="#595959", width=round(1.5 * SS))
            else:
                pen.ellipse(box, fill=fills[col], outline="black", width=round(1.5 * SS))

    text_font, note_font = _font(False, 13 * SS), _font(True, 13 * SS)
    line = 17 * SS
    below = -(MAX_DRAWN - 1) / 2 - 0.7
    for col, text, note in labels:
        x, y = at(col * GAP, below)
        pen.multiline_text((x, y), text, fill="black", font=text_font, anchor="ma", align="center", spacing=4 * SS)
        if note:
            pen.multiline_text((x, y + line * (text.count("\n") + 1) + 4 * SS), note.replace("; ", "\n"),
                               fill=NOTE, font=note_font, anchor="ma", align="center", spacing=4 * SS)
    pen.text((image.width / 2, 0.35 * scale), view.title, fill="black", font=_font(False, 15 * SS), anchor="ma")
    if legend:
        pen.text((image.width / 2, image.height - 0.3 * scale), legend, fill="#404040", font=text_font, anchor="md")

    # 64 colours: a quarter of the bytes of RGB; the quantizer's near-white is made white again.
    small = image.reduce(SS).quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = small.getpalette()
    small.putpalette([255 if min(palette[i - i % 3:i - i % 3 + 3]) >= 248 else value
                      for i, value in enumerate(palette)])
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def _dashed_line(pen, start, end, dash: float, fill: str, width: int) -> None:
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(1, int(length / dash))
    for k in range(0, steps, 2):
        a, b = k / steps, min((k + 1) / steps, 1.0)
        pen.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                 fill=fill, width=width)


def _legend(view: NetworkView) -> str:
    marks = {layer.mark for layer in view.layers} | ({"wrong"} if view.input_note else set())
    meaning = {"wrong": "red: differs from the task", "missing": "dashed: missing", "extra": "purple: extra"}
    return "   ·   ".join(text for mark, text in meaning.items() if mark in marks)


def _labels(view: NetworkView, n_inputs: int | None, sizes: list[int]):
    """(column, label, note in red) for each column; labels say when not every neuron is drawn."""
    for col, text, note in _plain_labels(view, n_inputs):
        total = n_inputs if col == 0 else view.layers[col - 1].units
        if total is not None and total > sizes[col]:
            text += f"\n({sizes[col]} of {total} drawn)"
        yield col, text, note


def _plain_labels(view: NetworkView, n_inputs: int | None):
    if view.inputs is None:
        yield 0, "input\nno input shape", view.input_note
    elif len(view.inputs) == 1:
        yield 0, f"input\n{n_inputs} inputs", view.input_note
    else:
        yield 0, f"input\nshape {view.inputs}", view.input_note
    for col, layer in enumerate(view.layers, start=1):
        kind = "output layer" if col == len(view.layers) else f"hidden layer {col}"
        if layer.mark in ("extra", "missing"):
            kind = f"{layer.mark} layer"
        if layer.units is None and layer.mark == "missing":
            yield col, kind, ""
            continue
        units = f"{layer.units} units" if layer.units is not None else "no units"
        yield col, f"{kind}\n{layer.kind}, {units}\n{layer.activation}", "" if layer.mark in ("extra", "missing") \
            else layer.note
