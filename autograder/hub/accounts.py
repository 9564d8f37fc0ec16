"""Unix accounts for the roster: one OS identity per person, so nbgrader's exchange (which knows users
by their OS account) and Unix permissions keep students apart.

Passwords are random, kept in <hub private dir>/passwords.txt (root only, never committed) for the
admin to hand out. What was created is recorded in accounts.json, and only that is removed again.
"""

from __future__ import annotations

import json
import os
import pwd
import grp
import secrets
import subprocess
from pathlib import Path

from autograder.hub.roster import Account
from autograder.sandbox.processes import Members, kill_all


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)


def _record(private: Path) -> dict:
    path = private / "accounts.json"
    return json.loads(path.read_text()) if path.exists() else {"users": [], "groups": []}


def _save(private: Path, record: dict) -> None:
    (private / "accounts.json").write_text(json.dumps(record, indent=1) + "\n")


def _exists(lookup, name: str) -> bool:
    try:
        lookup(name)
        return True
    except KeyError:
        return False


def create_accounts(accounts: list[Account], groups: dict[str, str], private: Path) -> dict[str, str]:
    """Make the groups and accounts that are missing; return {login: password} of the new ones."""
    record = _record(private)
    for account in accounts:
        if _exists(pwd.getpwnam, account.login) and account.login not in record["users"]:
            raise RuntimeError(f"The account {account.login!r} of course_config.ROSTER already exists on this machine "
                               f"and was not made by `make hub`: remove it, or change its id in the roster.")
    for name in groups.values():
        if not _exists(grp.getgrnam, name):
            _run("groupadd", name)
            record["groups"].append(name)
            _save(private, record)
    passwords = {}
    for account in accounts:
        if account.login in record["users"]:
            continue
        group = groups["staff" if account.is_staff else "student"]
        _run("useradd", "--create-home", "--shell", "/bin/bash", "--gid", group,
             "--comment", account.full_name, account.login)
        record["users"].append(account.login)
        _save(private, record)
        os.chmod(pwd.getpwnam(account.login).pw_dir, 0o700)  # nobody reads another's work in progress
        passwords[account.login] = secrets.token_urlsafe(12)
        subprocess.run(["chpasswd"], input=f"{account.login}:{passwords[account.login]}\n",
                       check=True, capture_output=True, text=True)
    if passwords:
        path = private / "passwords.txt"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as file:
            file.writelines(f"{login} {password}\n" for login, password in passwords.items())
    return passwords


def remove_accounts(private: Path) -> list[str]:
    """Remove the accounts and groups this hub made (their processes and home folders too); return the logins."""
    record = _record(private)
    removed = []
    for login in list(record["users"]):
        if _exists(pwd.getpwnam, login):
            kill_all(Members(uid=pwd.getpwnam(login).pw_uid), timeout=5.0)  # its servers and kernels
            _run("userdel", "--remove", login)
        record["users"].remove(login)
        removed.append(login)
        _save(private, record)
    for name in list(record["groups"]):
        if _exists(grp.getgrnam, name):
            _run("groupdel", name)
        record["groups"].remove(name)
        _save(private, record)
    return removed
