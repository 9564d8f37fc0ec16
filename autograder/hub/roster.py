"""The hub's accounts, read from course_config.ROSTER: a login, a role, a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("instructor", "ta", "student")
STAFF_ROLES = ("instructor", "ta")
# What useradd accepts and nbgrader uses as a student id unchanged.
LOGIN = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


@dataclass(frozen=True)
class Account:
    login: str
    role: str
    full_name: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def read_roster(roster: list[dict]) -> list[Account]:
    """ROSTER entries -> accounts; an entry the hub cannot make is the instructor's error, said in one sentence."""
    accounts, seen = [], set()
    for number, entry in enumerate(roster, 1):
        login, role = entry.get("id", ""), entry.get("role", "")
        if not isinstance(login, str) or not LOGIN.fullmatch(login):
            raise ValueError(f"course_config.ROSTER entry {number} has id {login!r}: a login is 1-32 lower-case "
                             f"letters, digits, '_' or '-', starting with a letter or '_'.")
        if role not in ROLES:
            raise ValueError(f"course_config.ROSTER entry {number} ({login}) has role {role!r}; "
                             f"expected one of {', '.join(ROLES)}.")
        if login in seen:
            raise ValueError(f"course_config.ROSTER lists {login!r} twice.")
        seen.add(login)
        name = " ".join(part for part in (entry.get("first_name"), entry.get("last_name")) if part)
        accounts.append(Account(login, role, name or login))
    if not any(account.role == "instructor" for account in accounts):
        raise ValueError("course_config.ROSTER has no instructor: the hub needs one admin.")
    return accounts


def group_names(course_id: str) -> dict[str, str]:
    """The Unix group of each side of the course: staff (instructor, TAs) and students."""
    return {"staff": f"{course_id}-staff", "student": f"{course_id}-students"}
