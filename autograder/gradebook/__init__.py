"""Drives the gradebook database: any SQLAlchemy URL (SQLite by default, PostgreSQL for several TAs).

course_config.GRADEBOOK_URL names it (the GRADEBOOK_URL environment variable wins);
every command reads it from there. This package checks that it can be used before
a batch grades anyone (reachability.py) and says which one it is without its
password (shown_url.py).
"""

from .reachability import unreachable
from .shown_url import shown_url

__all__ = ["shown_url", "unreachable"]
