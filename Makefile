# Nätverk: `make run` serves the site on SQLite with the seed data; `make test` runs
# the linters and the whole suite on SQLite and PostgreSQL.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
COVERAGE ?= --cov --cov-report=term:skip-covered

.PHONY: setup setup-dev run test test-sqlite test-postgres lint format lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/base.lock
	rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $(VENV)/.installed-base $@

## setup: create .venv and install the locked dependencies
setup: $(VENV)/.installed-base

setup-dev: $(VENV)/.installed-dev

## run: set up, migrate a SQLite file, load reference and seed data, serve the site with
## a worker beside it that sends email in the background (both stop with Ctrl-C)
run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference --if-empty
	$(MANAGE) load_seed --if-empty
	$(MANAGE) ensure_local_admin
	$(MANAGE) worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## test: linters, then the whole suite on SQLite and again on PostgreSQL
test: lint test-sqlite test-postgres

## lint: style (ruff), the direction of imports (import-linter) and types (mypy)
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Tests run in parallel, one process per core (pytest-xdist), each with its own database.
# The SQLite run also measures coverage, and fails below the floor in pyproject.toml.
test-sqlite: setup-dev
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -n auto $(COVERAGE) $(PYTEST_ARGS)

# Uses DATABASE_URL when it names a PostgreSQL server; otherwise starts a throw-away one.
# The browser tests (markup, axe, keyboard, screen widths) run in the SQLite run only:
# what they check does not depend on the database, and they are the slowest.
test-postgres: setup-dev
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -n auto -m "not browser" $(PYTEST_ARGS)

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin the dependencies after changing pyproject.toml
lock: setup-dev
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -c requirements/base.lock -o requirements/dev.lock pyproject.toml

## messages: refresh the translation catalogues and compile them
messages: setup-dev
	$(MANAGE) makemessages --locale sv --locale en --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	$(MANAGE) compilemessages --ignore '.venv/*'

# Removes what can be made again; the database and uploaded files stay.
clean:
	rm -rf $(VENV) var/static var/test.sqlite3
