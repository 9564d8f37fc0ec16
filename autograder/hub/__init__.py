"""The course's JupyterHub on one machine (`make hub`): Unix accounts from course_config.ROSTER,
nbgrader's shared exchange, nbgrader's extensions per role, limited kernels for interactive work.

Runs as root (it creates accounts); never imported by grading or by the student's kernel,
except `limited_kernel`, which starts that kernel.
"""
