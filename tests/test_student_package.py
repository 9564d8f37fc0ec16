"""`make package`: the students' wheel holds the autograder and nothing of the course, and works alone.

The wheel is built by `make package` in a scratch copy of the course, installed
with its declared dependencies (and the [tensorflow] extra, as the README tells
students) into a fresh virtual environment that sees neither this repository
nor its .venv, and the released 02_sequential_model notebook's code cells run
there: its visible checks pass with a correct answer and stop, with their
sentence, on a wrong one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from sample_submissions import build_submission, read_answers  # noqa: E402

ASSIGNMENT, NOTEBOOK = "02_sequential_model", "sequential_model.ipynb"


def scratch_course(root: Path, *names: str) -> Path:
    """A copy of the repository's `names` (mtimes kept); `make()` runs it with the repository's .venv."""
    for name in names:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, copy_function=shutil.copy2,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def make(course: Path, *args: str) -> subprocess.CompletedProcess:
    """`make <args>` in `course` with the repository's .venv, never (re)installing it."""
    venv = REPO / ".venv"
    return subprocess.run(["make", "--no-print-directory", "-o", f"{venv}/.installed", f"VENV={venv}", *args],
                          cwd=course, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    course = scratch_course(tmp_path_factory.mktemp("course"), "Makefile", "pyproject.toml", "README.md",
                            "requirements.txt", "autograder", "scripts/check_wheel.py", "source", "tests/submissions",
                            "course_config.py")
    result = make(course, "package")
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list((course / "dist").glob("*.whl"))
    assert [w.name for w in wheels] == ["autograder-0.1.0-py3-none-any.whl"]
    assert "the autograder package only (no source/, tests/ or course_config.py)" in result.stdout
    return wheels[0]


@pytest.fixture(scope="module")
def student_python(wheel, tmp_path_factory) -> Path:
    """The python of a fresh venv where only the wheel, its dependencies and [tensorflow] are installed."""
    venv = tmp_path_factory.mktemp("student") / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(REPO / "requirements.txt"),
                              f"{wheel}[tensorflow]"], capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr
    return python


def test_the_wheel_holds_the_autograder_package_and_declares_what_the_notebooks_import(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = Parser().parsestr(archive.read("autograder-0.1.0.dist-info/METADATA").decode())
    assert {name.split("/")[0] for name in names} == {"autograder", "autograder-0.1.0.dist-info"}
    assert "autograder/in_kernel/visible_checks.py" in names
    assert not [name for name in names if name.endswith((".ipynb", "course_config.py"))]
    assert metadata.get_all("Requires-Dist") == [
        "numpy", "keras>=3", "matplotlib", "jsonschema", 'tensorflow-cpu; extra == "tensorflow"']


def test_make_package_refuses_a_wheel_with_course_material(tmp_path):
    course = scratch_course(tmp_path, "Makefile", "pyproject.toml", "README.md", "requirements.txt", "autograder",
                            "scripts/check_wheel.py", "course_config.py")
    pyproject = course / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('include = ["autograder*"]',
                                                       'include = ["autograder*"]\n[tool.setuptools]\n'
                                                       'py-modules = ["course_config"]'))
    shutil.copystat(REPO / "pyproject.toml", pyproject)
    result = make(course, "package")
    assert result.returncode != 0
    assert ("make package: dist/autograder-0.1.0-py3-none-any.whl is not fit for students:\n"
            "  course_config.py is not part of the autograder package\n") in result.stderr


def run_release_cells(python: Path, folder: Path, answers: dict[str, str]) -> subprocess.CompletedProcess:
    """The released notebook's code cells, with `answers` in its answer cells, as one script in the venv."""
    notebook = build_submission(REPO / "release" / ASSIGNMENT / NOTEBOOK, answers)
    script = folder / "notebook.py"
    script.write_text("\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", PYTHONWARNINGS="ignore")
    return subprocess.run([str(python), str(script)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_installed_wheel_is_the_venvs_own_and_brings_no_course(student_python, tmp_path):
    probe = ("import importlib.util, autograder; print(autograder.__file__); "
             "print([m for m in ('course_config', 'source', 'tests') if importlib.util.find_spec(m)])")
    result = subprocess.run([str(student_python), "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    location, course_modules = result.stdout.splitlines()
    assert Path(location).is_relative_to(student_python.parents[1])
    assert course_modules == "[]"


def test_visible_checks_pass_on_a_correct_answer_in_the_students_venv(student_python, tmp_path):
    answers = read_answers(REPO / "tests" / "submissions" / ASSIGNMENT / "ada.py")
    result = run_release_cells(student_python, tmp_path, answers)
    assert result.returncode == 0, result.stderr
    assert "✓ `model` is a Keras model with 3 layers after its input." in result.stdout
    assert "✓ `diagram_model` is a Keras model with 4 layers after its input." in result.stdout
    assert result.stdout.count("Hidden tests will check its layers, units, activations and behaviour") == 2


def test_visible_checks_say_what_is_wrong_in_the_students_venv(student_python, tmp_path):
    result = run_release_cells(student_python, tmp_path, {"model_answer": "model = [5, 4, 2]"})
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == ("AssertionError: `model` is a list, not a Keras model: "
                                              "build it with `Sequential()` and `Dense` layers.")
