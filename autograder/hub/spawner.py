"""Each account's Jupyter server, as that Unix user, with its role's extensions and the limited kernel;
students start in their home folder, staff in the course directory."""

from __future__ import annotations

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Dict, Unicode


class CourseSpawner(LocalProcessSpawner):
    roles = Dict(config=True, help="login -> 'instructor', 'ta' or 'student' (course_config.ROSTER).")
    student_config = Unicode(config=True, help="JUPYTER_CONFIG_PATH of students' servers.")
    staff_config = Unicode(config=True, help="JUPYTER_CONFIG_PATH of the instructor's and TAs' servers.")
    jupyter_path = Unicode(config=True, help="JUPYTER_PATH of every server: the limited `python3` kernel.")
    user_bin = Unicode(config=True, help="The users' Python's bin/, first on PATH.")
    user_lib = Unicode(config=True, help="LD_LIBRARY_PATH of the users' Python (its libpython).")
    course_dir = Unicode(config=True, help="Staff servers' root: formgrader works only on a course directory "
                                           "inside the server's root.")

    def get_env(self):
        role = self.roles[self.user.name]
        if role != "student":
            self.notebook_dir = self.course_dir
        env = super().get_env()
        env["JUPYTER_CONFIG_PATH"] = self.student_config if role == "student" else self.staff_config
        env["JUPYTER_PATH"] = self.jupyter_path
        env["PATH"] = f"{self.user_bin}:/usr/local/bin:/usr/bin:/bin"
        env["LD_LIBRARY_PATH"] = self.user_lib
        env.pop("PYTHONPATH", None)
        return env
