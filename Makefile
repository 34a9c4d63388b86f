# One way to start each thing: these targets call the `pulse` CLI (see `pulse --help`).
# Without DATABASE_URL an embedded PostgreSQL runs under .pulse/pg; without REDIS_URL the
# rate limiter lives in process memory.

PYTHON ?= python3.11
VENV := .venv
PULSE := $(VENV)/bin/pulse
STAMP := $(VENV)/.installed-stamp
DEMO_USERS ?= 300
DEMO_DAYS ?= 120
DEMO_SEED ?= 7

include mobile/mobile.mk
include deploy/deploy.mk

.DEFAULT_GOAL := help
.PHONY: help setup demo serve test test-unit db-migrate db-rollback db-reset db-seed db-purge-synthetic db-stop \
	generate pipeline dagster train mlflow ml-service dbt-parse dbt-docs clean-local

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with its test tools

demo: setup mobile-install mobile-build ## everything on embedded defaults: data, pipeline, trained champion, Dagster :3000, MLflow :5000, API and app :8000
	$(PULSE) db migrate
	$(PULSE) db seed
	$(PULSE) db demo-data
	$(PULSE) import tests/fixtures/real-logs/hevy_export_stvrv.csv --email demo-hevy@pulse.test
	$(PULSE) generate --users $(DEMO_USERS) --days $(DEMO_DAYS) --seed $(DEMO_SEED) --if-missing
	$(PULSE) pipeline run
	$(PULSE) pipeline train
	$(PULSE) ml recommend --email demo@pulse.test
	$(PULSE) ml recommend --email demo-hevy@pulse.test
	@# The Dagster and MLflow UIs run beside the API and stop with it. A demo is development:
	@# DEBUG lets it run with the placeholder SECRET_KEY.
	$(PULSE) pipeline ui > .pulse/dagster-ui.log 2>&1 & ui=$$!; \
	$(PULSE) ml ui > .pulse/mlflow-ui.log 2>&1 & mlui=$$!; trap "kill $$ui $$mlui" EXIT; \
	echo "Dagster UI: http://127.0.0.1:3000 (log in .pulse/dagster-ui.log)"; \
	echo "MLflow UI:  http://127.0.0.1:5000 (log in .pulse/mlflow-ui.log)"; \
	echo "Mobile app: http://127.0.0.1:8000/ (demo@pulse.test, or demo-hevy@pulse.test with a real Hevy history; password demo-password)"; \
	DEBUG=$${DEBUG:-true} $(PULSE) serve api --host 127.0.0.1 --port 8000

serve: setup ## start only the API (same database resolution as demo)
	$(PULSE) serve api

test: setup k8s-tools mobile-install mobile-unit mobile-client-check mobile-build ## every suite: Python (real PostgreSQL, Redis where it runs, browser tests) with coverage, and the app's own
	$(VENV)/bin/pytest

test-unit: setup k8s-tools ## only the tests that need no database
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

generate: setup ## add synthetic people: make generate USERS=1000 DAYS=180 SEED=1
	$(PULSE) generate --users $(or $(USERS),1000) --days $(or $(DAYS),180) --seed $(or $(SEED),1)

pipeline: setup ## materialize everything (ingest, dbt models and tests) from the command line
	$(PULSE) pipeline run

dagster: setup ## the Dagster UI on :3000 with the whole graph (and the schedule and sensor)
	$(PULSE) pipeline ui --port 3000

dbt-parse: setup ## build the dbt manifest (Dagster reads it when the code location loads)
	$(PULSE) pipeline parse

train: setup ## train, compare and register the recommenders (MLflow); promote a better champion
	$(PULSE) pipeline train

mlflow: setup ## the MLflow UI on :5000 over mlruns/ (runs, plots, registered models and aliases)
	$(PULSE) ml ui --port 5000

ml-service: setup ## the recommendation models alone on :8001 (then set ML_SERVICE_URL for the API)
	$(PULSE) serve ml --port 8001

dbt-docs: setup ## generate and serve the dbt docs on :8080
	$(PULSE) pipeline docs --port 8080

clean-local: ## remove the virtualenv, caches and embedded state (.pulse)
	-$(PULSE) db stop
	rm -rf $(VENV) .pulse .pytest_cache .coverage htmlcov .hypothesis mobile/node_modules mobile/dist
