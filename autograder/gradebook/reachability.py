"""Before a batch grades anyone: can the gradebook be reached? One sentence if not.

A batch that starts against a gradebook it cannot write would grade every
submission and then lose the grades (or write some and not others); asking the
database first costs one connection.
"""

from __future__ import annotations

# Seconds to wait for a PostgreSQL server that does not answer (a lost host).
CONNECT_TIMEOUT = 10


def unreachable(url: str) -> str | None:
    """None when the gradebook at `url` answers a query; otherwise why not, as a clause:

    the gradebook at postgresql://grader@127.0.0.1:5433/course cannot be reached (connection failed: ...)
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from .shown_url import shown_url

    where = f"the gradebook at {shown_url(url)}"
    try:
        engine = create_engine(url, poolclass=NullPool, connect_args=_connect_args(url))
    except Exception as error:  # noqa: BLE001 - a bad URL or a missing driver, said in words
        return f"{where} cannot be used ({_reason(error)})"
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any refusal of the database, said in words
        return f"{where} cannot be reached ({_reason(error)})"
    finally:
        engine.dispose()
    return None


def _connect_args(url: str) -> dict:
    from sqlalchemy.engine import make_url

    return {"connect_timeout": CONNECT_TIMEOUT} if make_url(url).get_backend_name() == "postgresql" else {}


def _reason(error: BaseException) -> str:
    """The database driver's own words, on one line, without SQLAlchemy's background links."""
    cause = getattr(error, "orig", None) or error
    lines = [" ".join(line.split()) for line in str(cause).splitlines()]
    return "; ".join(line for line in lines if line) or type(cause).__name__
