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

.PHONY: venv release collect autograde feedback grades demo test bench lab clean hub hub-clean e2e

# Internal: (re)install when .venv is missing or the lock or package changed.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install -e .
	touch $@

# source/<id>/ -> release/<id>/ for every assignment (cell ids made stable: same source, same bytes).
release: venv
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
	$(PY) -m autograder.pipeline.batch_autograde $(ASSIGNMENT) $(if $(STUDENT),--student $(STUDENT)) $(if $(ALL),--all)

# autograded/*/<id>/ (or only STUDENT's) -> feedback/*/<id>/*.html: hidden tests' source hidden, results kept;
# a notebook that could not be graded gets a page saying why (autograder/pipeline/generate_feedback.py).
feedback: venv
	$(require-assignment)
	$(PY) -m autograder.pipeline.generate_feedback $(ASSIGNMENT) $(if $(STUDENT),--student $(STUDENT))

# Every student's score per assignment, from gradebook.db.
grades: venv
	nbgrader export --to grades.csv

# Release, grade the sample submissions of tests/submissions/, print their scores.
demo: venv
	$(PY) scripts/demo.py

# Stock `nbgrader autograde` against the batch grader on N generated submissions (default 24).
bench: venv
	$(PY) scripts/bench.py $(if $(N),-n $(N))

# pytest exits non-zero (5) when it collects no test: make fails then too.
test: venv
	$(PY) -m pytest -q tests --ignore=tests/e2e

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
	rm -rf submitted autograded feedback exchange gradebook.db grades.csv

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
e2e: venv $(CHP) /usr/bin/setfacl /usr/bin/chromium
	$(PY) -m pytest -q tests/e2e
