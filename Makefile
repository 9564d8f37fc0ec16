# The course's public interface; README.md explains each target.
# Every nbgrader command reads nbgrader_config.py, which applies course_config.py.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# nbgrader runs `alembic` and `jupyter` by name: the venv's bin/ comes first.
export PATH := $(abspath $(VENV))/bin:$(PATH)

# Read only when a recipe uses them, i.e. once the venv exists.
ASSIGNMENTS = $(shell $(PY) -c 'import course_config; print(*course_config.ASSIGNMENTS)')
require-assignment = @test -n "$(ASSIGNMENT)" || { echo "usage: make $@ ASSIGNMENT=<id>, one of: $(ASSIGNMENTS)" >&2; exit 2; }

.PHONY: help venv release collect autograde feedback grades report browser demo test lint bench bench-writer lab clean package new-assignment hub hub-clean e2e

# `make` alone lists the targets and variables.
help:
	@echo "Targets (README.md explains each; AUTHORING.md how to write assignments):"
	@echo "  make demo                       grade the sample students in a scratch course (demo/), print their scores"
	@echo "  make test                       run the test suite (all but the browser cycle, make e2e)"
	@echo "  make lint                       ruff (fixes what it can; CI=true only checks)"
	@echo "  make release                    source/ -> release/ (refused when a task's points disagree)"
	@echo "  make collect ASSIGNMENT=<id>    the students' newest submissions, exchange -> submitted/"
	@echo "  make autograde ASSIGNMENT=<id>  grade new or changed submitted/*/<id>/ (STUDENT=, ALL=1)"
	@echo "  make feedback ASSIGNMENT=<id>   feedback/<student>/<id>/*.html (STUDENT=)"
	@echo "  make grades                     gradebook -> grades.csv, grades_by_task.csv, grades_canvas.csv"
	@echo "  make report ASSIGNMENT=<id>     reports/<id>/index.html: how the class did"
	@echo "  make lab                        JupyterLab with Formgrader (LAB_ARGS=)"
	@echo "  make hub                        the course's JupyterHub: roster accounts, exchange, extensions per role (HUB_PORT=)"
	@echo "  make hub-clean                  remove what make hub created (accounts, exchange, hub folder)"
	@echo "  make e2e                        the course cycle in headless Chromium on a hub of its own"
	@echo "  make package                    the students' wheel (no solutions) -> dist/"
	@echo "  make new-assignment ID=<id>     a skeleton assignment in source/<id>/, registered in course_config.py"
	@echo "  make bench                      batch grader vs stock nbgrader (N=, CLUSTER=1)"
	@echo "  make bench-writer               the gradebook writer's ceiling, SQLite and PostgreSQL (N=, STOCK=1)"
	@echo "  make browser                    Debian's Chromium, for the tests that look at pages (installed when missing)"
	@echo "  make clean                      remove the grading runtime"
	@echo "Variables:"
	@echo "  ASSIGNMENT=<id>   one of the assignments of course_config.py (autograde, feedback, report)"
	@echo "  STUDENT=<id>      only this student's submission (autograde, feedback)"
	@echo "  ALL=1             regrade every submission, changed or not (autograde)"
	@echo "  JOBS=<count>      kernels at once (autograde; default: the machine's cores, course_config.PARALLEL_KERNELS)"
	@echo "  ID=<id>           the new assignment's id, e.g. 04_optimizers (new-assignment)"
	@echo "  N=<count>         generated submissions to grade (bench, default 24)"
	@echo "  STOCK_N=<count>   how many of them stock nbgrader grades (bench; its cost per submission is flat)"
	@echo "  CLUSTER=1         also grade on a local 2-worker Dask cluster (bench)"
	@echo "  STOCK=1           measure nbgrader's own bookkeeping instead of the batch grader's (bench-writer)"
	@echo "  VERBOSE=1         show nbgrader's and pip's logs (demo, venv set-up)"
	@echo "  DEMO_DIR=<dir>    where the demo's scratch course goes (default demo/)"
	@echo "  LAB_ARGS=...      more options for jupyter lab (lab)"
	@echo "  HUB_PORT=<port>   the hub's port on 127.0.0.1 (hub, default 8000)"
	@echo "  TEST_WORKERS=<n>  pytest workers (test, default 2)"

# Internal: (re)install when .venv is missing or the lock or package changed.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Setting up $(VENV) (Python 3.11, requirements.txt, this autograder): this takes a few minutes, once."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install $(if $(VERBOSE),,-q) -r requirements.txt
	@$(PY) -m pip install $(if $(VERBOSE),,-q) -e .
	@touch $@

# source/<id>/ -> release/<id>/ for every assignment (cell ids made stable: same source, same bytes).
# First, every task's points in source/ must agree with course_config.ASSIGNMENTS (autograder/pipeline/points_agreement.py).
release: venv
	$(PY) -m autograder.pipeline.points_agreement
	for id in $(ASSIGNMENTS); do nbgrader generate_assignment $$id --force || exit 1; done

# The students' latest submissions of <id>, from nbgrader's exchange into submitted/ (a newer one
# replaces an older one; each keeps nbgrader's timestamp.txt). Then `make autograde` grades what is new.
collect: venv
	$(require-assignment)
	nbgrader collect $(ASSIGNMENT) --update

# Grade the new or changed submissions under submitted/*/<id>/ (STUDENT=<id> for one, ALL=1 to regrade
# all): sandboxed kernels in parallel, then nbgrader records the grades (autograder/pipeline/batch_autograde.py).
autograde: venv
	$(require-assignment)
	$(PY) -m autograder.pipeline.batch_autograde $(ASSIGNMENT) $(if $(STUDENT),--student $(STUDENT)) $(if $(ALL),--all) \
		$(if $(JOBS),--jobs $(JOBS))

# autograded/*/<id>/ (or only STUDENT's) -> feedback/*/<id>/*.html: hidden tests' source hidden, results kept;
# a notebook that could not be graded gets a page saying why (autograder/pipeline/generate_feedback.py).
feedback: venv
	$(require-assignment)
	$(PY) -m autograder.pipeline.generate_feedback $(ASSIGNMENT) $(if $(STUDENT),--student $(STUDENT))

# Every student's score per assignment, from gradebook.db (grades.csv, nbgrader's), per task
# (grades_by_task.csv) and for Canvas's gradebook import (grades_canvas.csv, LMS ids from course_config.ROSTER).
grades: venv
	nbgrader export --to grades.csv
	$(PY) -m autograder.reports.grade_exports

# reports/<id>/index.html: how the class did (scores, common mistakes, not graded, manual grading, grading time).
report: venv
	$(require-assignment)
	$(PY) -m autograder.reports.class_report $(ASSIGNMENT)

# Debian's Chromium for the tests that look at pages (Playwright drives it; its own browser download is not used).
browser: /usr/bin/chromium

# Release, grade the sample submissions of tests/submissions/ in a scratch course (DEMO_DIR, default demo/),
# print their scores; the real course (submitted/, gradebook.db, grades.csv) is left alone.
demo: venv
	@$(PY) scripts/demo.py $(if $(DEMO_DIR),--course $(DEMO_DIR))

# The students' wheel in dist/: the autograder package and its dependencies, no source/, tests/ or course_config.py.
package: venv
	rm -rf dist build
	$(PY) -m pip wheel --no-deps --no-build-isolation -q -w dist .
	$(PY) scripts/check_wheel.py dist/autograder-*.whl

# A skeleton assignment source/$(ID)/, registered in course_config.ASSIGNMENTS (AUTHORING.md explains it).
new-assignment: venv
	@test -n "$(ID)" || { echo "usage: make new-assignment ID=<nn_name>, e.g. ID=04_optimizers" >&2; exit 2; }
	$(PY) scripts/new_assignment.py $(ID)

# Stock `nbgrader autograde` against the batch grader on N generated submissions (default 24);
# CLUSTER=1 also grades them on a local 2-worker Dask cluster (scripts/local_dask_cluster.py).
bench: venv
	$(PY) scripts/bench.py $(if $(N),-n $(N)) $(if $(STOCK_N),--stock-n $(STOCK_N)) $(if $(CLUSTER),--cluster)

# pytest exits non-zero (5) when it collects no test: make fails then too. Two pytest workers (pytest-xdist),
# each test file whole on one of them (its fixtures built once): on 2 cores about 18 min instead of 32.
test: venv browser
	$(PY) -m pytest -q tests --ignore=tests/e2e -n $(or $(TEST_WORKERS),2) --dist loadfile

# Style (ruff, configured in pyproject.toml): fixes what it can; with CI=true it only checks.
lint: venv
	$(VENV)/bin/ruff check $(if $(filter true,$(CI)),,--fix) .

# Debian's PostgreSQL, installed when missing: the gradebook tests start a server of their own
# (tests/postgres_server.py: initdb in a temporary folder, on 127.0.0.1, as an unprivileged account).
.PHONY: postgresql
test: postgresql
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; }

# The gradebook writer's ceiling (submissions per second it records, SQLite and PostgreSQL) and the
# sandboxed kernels' rate on this machine, with the projection for a cluster (scripts/bench_writer.py).
bench-writer: venv postgresql
	$(PY) scripts/bench_writer.py $(if $(N),-n $(N)) $(if $(STOCK),--stock)

# JupyterLab with nbgrader's formgrader (instructors, TAs) and validate button.
# --allow-root matters only when run as root; LAB_ARGS adds options, e.g. LAB_ARGS=--no-browser.
lab: venv
	jupyter server extension enable --sys-prefix nbgrader.server_extensions.formgrader
	jupyter server extension enable --sys-prefix nbgrader.server_extensions.validate_assignment
	jupyter labextension enable --level=sys_prefix @jupyter/nbgrader:formgrader
	jupyter labextension enable --level=sys_prefix @jupyter/nbgrader:validate-assignment
	jupyter lab --allow-root $(LAB_ARGS)

# Remove what grading produced (not release/, which is committed).
clean:
	rm -rf submitted autograded feedback exchange gradebook.db grades.csv grades_by_task.csv grades_canvas.csv reports e2e-screenshots demo dist build

# System pieces the hub and the browser tests need, installed when missing (Debian packages; the proxy
# from npm into .node/, project-local). Nothing is downloaded when they run.
CHP := .node/node_modules/.bin/configurable-http-proxy
$(CHP):
	npm install --no-audit --no-fund --prefix .node configurable-http-proxy@5.3.0
/usr/bin/setfacl:
	apt-get update && apt-get install -y --no-install-recommends acl
/usr/bin/chromium:
	apt-get update && apt-get install -y --no-install-recommends chromium

# The course's JupyterHub on http://127.0.0.1:$(HUB_PORT)/ (default 8000), in the foreground: Unix accounts from
# course_config.ROSTER (passwords in $$HUB_DIR/private/passwords.txt), nbgrader's exchange, extensions per role
# (autograder/hub/). Runs as root. `make hub-clean` removes the accounts, the exchange and the hub's folder.
hub: venv $(CHP) /usr/bin/setfacl
	$(PY) -m autograder.hub $(if $(HUB_PORT),--port $(HUB_PORT))

hub-clean: venv
	$(PY) -m autograder.hub --clean

# The whole course cycle in headless Chromium on a hub of its own (tests/e2e/): screenshots in e2e-screenshots/.
e2e: venv $(CHP) /usr/bin/setfacl browser
	$(PY) -m pytest -q tests/e2e
