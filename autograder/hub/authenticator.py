"""Log in with the course account's Unix password (PAM); anyone not on the roster is told so."""

from __future__ import annotations

from jupyterhub.auth import PAMAuthenticator
from tornado import web
from traitlets import Unicode


class RosterPAMAuthenticator(PAMAuthenticator):
    """PAM login limited to `allowed_users` (the roster), with a sentence for everybody else."""

    course_id = Unicode("the course", config=True, help="Named in the message for a login not on the roster.")

    async def authenticate(self, handler, data):
        login = self.normalize_username(data.get("username", ""))
        if login not in self.allowed_users:
            raise web.HTTPError(403, f"{login!r} is not on the roster of {self.course_id}: only its students "
                                     f"and staff can log in here. Ask the course staff if you should be.")
        return await super().authenticate(handler, data)
