# One way to start each thing: these targets call the `pulse` CLI (see `pulse --help`).
# Without DATABASE_URL an embedded PostgreSQL runs under .pulse/pg; without REDIS_URL the
# rate limiter lives in process memory.

PYTHON ?= python3.11
VENV := .venv
PULSE := $(VENV)/bin/pulse
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup demo serve test test-unit db-migrate db-rollback db-reset db-seed db-purge-synthetic db-stop clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with its test tools

demo: setup ## migrate, load the exercise library and a demo account, then start the API on :8000
	$(PULSE) db migrate
	$(PULSE) db seed
	$(PULSE) db demo-data
	@# A demo is development: DEBUG lets it run with the placeholder SECRET_KEY.
	DEBUG=$${DEBUG:-true} $(PULSE) serve api --host 127.0.0.1 --port 8000

serve: setup ## start only the API (same database resolution as demo)
	$(PULSE) serve api

test: setup ## run the whole suite (real PostgreSQL; Redis too where it runs) with coverage
	$(VENV)/bin/pytest

test-unit: setup ## only the tests that need no database
	$(VENV)/bin/pytest -m unit --no-cov

db-migrate: setup ## upgrade the app schema to the latest migration
	$(PULSE) db migrate

db-rollback: setup ## undo the last migration
	$(PULSE) db rollback

db-reset: setup ## drop all app data and rebuild the schema (asks first unless FORCE=1)
	$(PULSE) db reset $(if $(filter 1,$(FORCE)),--yes,)

db-seed: setup ## load (or update) the exercise library
	$(PULSE) db seed

db-purge-synthetic: setup ## delete every row made by tests, demos and generators
	$(PULSE) db purge-synthetic

db-stop: setup ## stop the embedded PostgreSQL
	$(PULSE) db stop

clean: ## remove the virtualenv, caches and embedded state (.pulse)
	-$(PULSE) db stop
	rm -rf $(VENV) .pulse .pytest_cache .coverage htmlcov .hypothesis
