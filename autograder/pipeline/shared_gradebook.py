"""One database engine for every nbgrader Gradebook a batch opens.

nbgrader's converter and preprocessors open a new `Gradebook(db_url, course_id)` for each
step of each submission, about nine per notebook. Each one creates a SQLAlchemy engine,
connects, lists the tables, runs `create_all` and checks the course, then disposes of the
engine: at 240 submissions that was about a sixth of the grading process's time.

`one_engine(db_url)` opens the gradebook once (the tables as nbgrader makes them), and while
it is active every Gradebook for that URL gets a session of its own on that engine: the same
queries and commits as before, one connection pool. Each course id is checked (and made, as
nbgrader's `check_course` does) the first time a Gradebook names it; nbgrader's preprocessors
name none, so theirs is nbgrader's "default_course", as before. Gradebooks for another URL are
nbgrader's own.
"""

from __future__ import annotations

from contextlib import contextmanager

from nbgrader.api import Gradebook


@contextmanager
def one_engine(db_url: str):
    from sqlalchemy.orm import scoped_session, sessionmaker

    original_init, original_close = Gradebook.__init__, Gradebook.close
    first = Gradebook(db_url)  # nbgrader's own: creates the tables and its default course
    engine, checked = first.engine, {first.course_id}

    def __init__(self, url, course_id="default_course", authenticator=None):
        if url != db_url:
            return original_init(self, url, course_id, authenticator)
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        if course_id not in checked:
            self.check_course(course_id=course_id)
            checked.add(course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    def close(self):
        if self.engine is engine:
            self.db.remove()  # the session's connection goes back to the shared pool
        else:
            original_close(self)

    Gradebook.__init__, Gradebook.close = __init__, close
    try:
        yield
    finally:
        Gradebook.__init__, Gradebook.close = original_init, original_close
        first.close()
