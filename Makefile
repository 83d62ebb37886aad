# The few verbs people type. Everything runs from a virtual environment in .venv, made on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint install bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Serve the site at http://127.0.0.1:8000 on SQLite; the first run loads the demo and creates an admin account.
run: $(STAMP)
	$(PY) manage.py bootstrap
	$(PY) manage.py runserver 127.0.0.1:8000

## Run the whole test suite.
test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Measure serving speed beside nginx serving static files (needs PostgreSQL, Redis, nginx, wrk); see docs/.
bench: $(STAMP)
	$(PY) bench/run.py --write
