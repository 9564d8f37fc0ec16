"""Course settings: the one place to change them.

nbgrader_config.py applies them to every `nbgrader` command (see configure());
the Makefile and scripts/demo.py read ASSIGNMENTS from here.
"""
import os
from pathlib import Path

# Repository root: nbgrader's course directory (source/, release/, submitted/, ...).
ROOT = Path(__file__).resolve().parent

COURSE_ID = "intro-keras"

# Assignment id -> notebook name and points per grade cell (nbgrader grade_id).
# Ids, notebook names and grade ids are the students' contract: keep them stable.
# The points must agree with the nbgrader metadata of the cells in source/.
ASSIGNMENTS = {
    "01_dense_layer": {
        "notebook": "dense_layer.ipynb",
        "points": {
            "dense_forward_tests": 5,
            "dense_param_count_tests": 2,
            "layer_for_data_tests": 1.5,
            "dense_free_text": 2,
        },
    },
    "02_sequential_model": {
        "notebook": "sequential_model.ipynb",
        "points": {
            "model_tests": 6,
            "diagram_model_tests": 6,
            "sequential_free_text": 2,
        },
    },
    "03_activations": {
        "notebook": "activations.ipynb",
        "points": {
            "hidden_activation_tests": 1.5,
            "output_activation_tests": 2,
            "build_model_tests": 4,
            "activations_free_text": 2,
        },
    },
}

# Longest time one notebook cell may run while grading, in seconds.
TIMEOUT_SECONDS = 60

# The gradebook nbgrader and formgrader read and write.
GRADEBOOK_URL = f"sqlite:///{ROOT / 'gradebook.db'}"

# Local nbgrader exchange, used only by formgrader's "release feedback" button.
EXCHANGE_DIR = ROOT / "exchange"

# Environment of the grading kernels: keeps TensorFlow/Keras start-up logs and
# warnings out of the cell outputs that students see as feedback.
GRADING_ENV = {
    "KERAS_BACKEND": "tensorflow",
    "TF_CPP_MIN_LOG_LEVEL": "3",  # no C++ INFO/WARNING/ERROR lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no "oneDNN custom operations are on" notice
    "PYTHONWARNINGS": "ignore",  # no Python warnings (e.g. Dense(input_shape=...))
}


def configure(c):
    """Apply the settings above to nbgrader's traitlets config object `c`."""
    # Imported here so that reading ASSIGNMENTS stays free of nbgrader imports.
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import GetGrades

    from autograder.hide_hidden_tests import HideHiddenTests
    from autograder.stable_cell_ids import StableCellIds

    c.CourseDirectory.root = str(ROOT)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = GRADEBOOK_URL
    c.Execute.timeout = TIMEOUT_SECONDS

    EXCHANGE_DIR.mkdir(exist_ok=True)
    c.Exchange.root = str(EXCHANGE_DIR)

    # Same source, same release/: no random cell ids.
    release_steps = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = release_steps + [StableCellIds]

    # Stock feedback shows the hidden tests' source (nbgrader issue #917).
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]

    # Kernels started by nbgrader inherit this process's environment.
    os.environ.update(GRADING_ENV)
