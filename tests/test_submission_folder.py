"""What a submission folder holds besides its notebook: a renamed notebook is refused saying so, extras are listed."""

from __future__ import annotations

from autograder.pipeline.submission_folder import extra_files, folder_refusal

NOTEBOOK = "sequential_model.ipynb"


def test_a_renamed_notebook_is_named_in_the_refusal(tmp_path):
    (tmp_path / "sequential_model (copy).ipynb").write_text("{}")
    (tmp_path / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    assert folder_refusal(tmp_path, tmp_path / NOTEBOOK) == (
        "it has no sequential_model.ipynb, the notebook the assignment gave you, but holds "
        "sequential_model (copy).ipynb: if you renamed it, submit it again as sequential_model.ipynb")


def test_an_empty_folder_has_no_notebook(tmp_path):
    assert folder_refusal(tmp_path, tmp_path / NOTEBOOK) == "it has no sequential_model.ipynb"


def test_extra_files_are_what_nbgrader_did_not_put_there(tmp_path):
    for name in (NOTEBOOK, "timestamp.txt", "submission_secret.txt", "notes.txt", "old.ipynb",
                 ".ipynb_checkpoints/sequential_model-checkpoint.ipynb", "data/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert folder_refusal(tmp_path, tmp_path / NOTEBOOK) == ""
    assert extra_files(tmp_path, tmp_path / NOTEBOOK) == ["data/x.csv", "notes.txt", "old.ipynb"]
