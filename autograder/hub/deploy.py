"""Set up (and take down) everything the hub needs on the machine: accounts, exchange, course
directory permissions, gradebook students, the users' Python and configs. Idempotent; needs root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from autograder.hub import user_env
from autograder.hub.accounts import create_accounts, remove_accounts
from autograder.hub.course_dir import share_with_staff, unshare
from autograder.hub.course_settings import load_course_config
from autograder.hub.exchange import make_exchange, remove_exchange
from autograder.hub.roster import group_names, read_roster


def private_dir(hub_dir: Path) -> Path:
    return hub_dir / "private"


def deploy(course: Path, hub_dir: Path) -> dict[str, str]:
    """Make what is missing; return the passwords of accounts made now ({} when all existed)."""
    if os.geteuid() != 0:
        raise PermissionError("make hub creates Unix accounts: run it as root.")
    settings = load_course_config(course)
    accounts = read_roster(settings.ROSTER)
    groups = group_names(settings.COURSE_ID)
    hub_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(hub_dir, 0o755)
    private_dir(hub_dir).mkdir(mode=0o700, exist_ok=True)
    passwords = create_accounts(accounts, groups, private_dir(hub_dir))
    make_exchange(Path(settings.EXCHANGE_DIR), groups["staff"])
    _add_students(settings, accounts)
    share_with_staff(course, groups["staff"])
    user_env.build_env(hub_dir)
    user_env.write_kernel(hub_dir, settings.HUB_KERNEL_LIMITS)
    user_env.write_role_configs(hub_dir, course, settings.COURSE_ID, Path(settings.EXCHANGE_DIR))
    return passwords


def _add_students(settings, accounts) -> None:
    """The roster's students in the gradebook, with their names (formgrader lists them)."""
    from nbgrader.api import Gradebook

    roster = {entry["id"]: entry for entry in settings.ROSTER}
    with Gradebook(settings.GRADEBOOK_URL) as gradebook:
        for account in accounts:
            if account.role == "student":
                entry = roster[account.login]
                gradebook.update_or_create_student(account.login, first_name=entry.get("first_name"),
                                                   last_name=entry.get("last_name"))


def undeploy(course: Path, hub_dir: Path) -> list[str]:
    """Remove what deploy made (accounts and their homes, the exchange, the hub's folder); return the logins."""
    settings = load_course_config(course)
    removed = remove_accounts(private_dir(hub_dir)) if private_dir(hub_dir).exists() else []
    remove_exchange(Path(settings.EXCHANGE_DIR))
    unshare(course)
    shutil.rmtree(hub_dir, ignore_errors=True)
    return removed
