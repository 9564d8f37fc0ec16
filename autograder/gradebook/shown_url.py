"""A gradebook URL as messages show it: the password replaced by ***."""

from __future__ import annotations


def shown_url(url: str) -> str:
    """`postgresql://ta:secret@db:5432/course` -> `postgresql://ta:***@db:5432/course`."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url
