"""A stand-in facts collector, to check a pool without the course's checks.

    {"echo": 1}            -> {"echo": {"echo": 1}}
    {"call": "f"}          -> {"echo": ..., "value": repr(f())}   (f from the notebook; may hang or crash)
    {"raise": "message"}   -> raises RuntimeError("message")
"""

from __future__ import annotations


def collect(request: dict) -> dict:
    if "raise" in request:
        raise RuntimeError(request["raise"])
    facts = {"echo": request}
    if "call" in request:
        from IPython import get_ipython

        facts["value"] = repr(get_ipython().user_ns[request["call"]]())
    return facts
