"""one_engine: nbgrader's Gradebooks of one batch share an engine; the records are nbgrader's, as before."""
from nbgrader.api import Gradebook

from autograder.pipeline.shared_gradebook import one_engine


def test_gradebooks_for_the_url_share_one_engine_while_active(tmp_path):
    url, other = f"sqlite:///{tmp_path / 'gradebook.db'}", f"sqlite:///{tmp_path / 'other.db'}"
    with one_engine(url):
        with Gradebook(url, "intro-keras") as first, Gradebook(url) as second, Gradebook(other) as elsewhere:
            assert first.engine is second.engine
            assert elsewhere.engine is not first.engine  # another URL: nbgrader's own
            first.add_student("ada")
            second.add_assignment("02_sequential_model")
            assert (first.course_id, second.course_id) == ("intro-keras", "default_course")
        with Gradebook(url) as third:  # after close(): the engine still serves the next one
            assert [s.id for s in third.students] == ["ada"]
    with Gradebook(url, "intro-keras") as after:  # nbgrader's own again: a new engine, the same records
        assert [s.id for s in after.students] == ["ada"]
        assert [a.name for a in after.assignments] == ["02_sequential_model"]
        assert sorted(c.id for c in after.db.query(type(after.check_course("intro-keras"))).all()) == [
            "default_course", "intro-keras"]


def test_gradebook_is_nbgraders_again_after_the_block_even_on_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    init, close = Gradebook.__init__, Gradebook.close
    try:
        with one_engine(url):
            assert Gradebook.__init__ is not init
            raise RuntimeError("a batch that stops")
    except RuntimeError:
        pass
    assert (Gradebook.__init__, Gradebook.close) == (init, close)
    with Gradebook(url) as a, Gradebook(url) as b:
        assert a.engine is not b.engine
