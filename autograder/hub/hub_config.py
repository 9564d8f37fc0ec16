"""JupyterHub's configuration for the course: loopback only, PAM logins for the roster, a Unix process per user."""

from __future__ import annotations

from pathlib import Path

from autograder.hub import user_env
from autograder.hub.authenticator import RosterPAMAuthenticator
from autograder.hub.course_settings import load_course_config
from autograder.hub.roster import read_roster
from autograder.hub.spawner import CourseSpawner


def configure_hub(c, *, course: Path, hub_dir: Path, proxy: Path, port: int, hub_port: int, api_port: int) -> None:
    settings = load_course_config(course)
    accounts = read_roster(settings.ROSTER)
    private = hub_dir / "private"

    c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub_port}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
    c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.ConfigurableHTTPProxy.pid_file = str(private / "proxy.pid")
    # Kept across restarts: logins stay valid, users and their servers' records survive.
    c.JupyterHub.db_url = f"sqlite:///{private / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(private / "cookie_secret")
    c.JupyterHub.pid_file = str(private / "jupyterhub.pid")

    c.JupyterHub.authenticator_class = RosterPAMAuthenticator
    c.RosterPAMAuthenticator.course_id = settings.COURSE_ID
    c.Authenticator.allowed_users = {account.login for account in accounts}
    c.Authenticator.admin_users = {account.login for account in accounts if account.role == "instructor"}

    c.JupyterHub.spawner_class = CourseSpawner
    c.CourseSpawner.roles = {account.login: account.role for account in accounts}
    c.CourseSpawner.student_config = str(user_env.config_dir(hub_dir, "student"))
    c.CourseSpawner.staff_config = str(user_env.config_dir(hub_dir, "staff"))
    c.CourseSpawner.jupyter_path = str(user_env.jupyter_path(hub_dir))
    c.CourseSpawner.course_dir = str(course)
    c.CourseSpawner.user_bin = str(user_env.python(hub_dir).parent)
    c.CourseSpawner.user_lib = str(user_env.interpreter_lib(hub_dir))
    c.Spawner.cmd = [str(user_env.python(hub_dir)), "-m", "jupyterhub.singleuser"]
    c.Spawner.default_url = "/lab"
    c.Spawner.environment = dict(settings.GRADING_ENV)
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
