# The mobile app (mobile/): included by the main Makefile, which defines VENV, PULSE and `setup`.
# See docs/mobile.md for what each target does.

MOBILE_DIR := mobile
NPM := npm --prefix $(MOBILE_DIR)
CHROMIUM ?= /usr/bin/chromium
MOBILE_PYTHON := $(VENV)/bin/python
MOBILE_OPENAPI := $(MOBILE_DIR)/openapi.json
MOBILE_SCHEMA := $(MOBILE_DIR)/src/api/schema.d.ts

.PHONY: mobile-install mobile-client mobile-client-check mobile-build mobile-dev mobile-test mobile-unit mobile-e2e mobile-lighthouse

$(MOBILE_DIR)/node_modules/.package-lock.json: $(MOBILE_DIR)/package-lock.json
	$(NPM) ci --no-audit --no-fund

mobile-install: $(MOBILE_DIR)/node_modules/.package-lock.json ## npm ci for the app; Debian's Chromium for its browser tests (as root)
	@if [ -x "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get install -y chromium || (apt-get update && apt-get install -y chromium) || \
		echo "WARNING: chromium could not be installed: the browser tests will be skipped"; \
	else echo "WARNING: $(CHROMIUM) is missing and this is not root: the browser tests will be skipped (apt-get install chromium)"; fi

mobile-client: setup $(MOBILE_DIR)/node_modules/.package-lock.json ## regenerate the typed API client from the API's OpenAPI document
	$(MOBILE_PYTHON) $(MOBILE_DIR)/scripts/dump_openapi.py > $(MOBILE_OPENAPI)
	cd $(MOBILE_DIR) && npx openapi-typescript openapi.json -o src/api/schema.d.ts

mobile-client-check: setup $(MOBILE_DIR)/node_modules/.package-lock.json ## fail when the committed client is out of date with the API
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	$(MOBILE_PYTHON) $(MOBILE_DIR)/scripts/dump_openapi.py > $$tmp/openapi.json && \
	(cd $(MOBILE_DIR) && npx openapi-typescript $$tmp/openapi.json -o $$tmp/schema.d.ts >/dev/null) && \
	if diff -q $$tmp/openapi.json $(MOBILE_OPENAPI) >/dev/null && diff -q $$tmp/schema.d.ts $(MOBILE_SCHEMA) >/dev/null; then \
		echo "mobile client is up to date with the API"; \
	else \
		diff -u $(MOBILE_OPENAPI) $$tmp/openapi.json | head -40; \
		echo "mobile/src/api/schema.d.ts is out of date with the API: run 'make mobile-client' and commit the result"; exit 1; \
	fi

mobile-build: $(MOBILE_DIR)/node_modules/.package-lock.json ## type-check and build the app into mobile/dist
	$(NPM) run build

mobile-dev: $(MOBILE_DIR)/node_modules/.package-lock.json ## Vite dev server on :5173, API paths proxied to the API on :8000 (make serve)
	$(NPM) run dev -- --host 127.0.0.1

mobile-unit: $(MOBILE_DIR)/node_modules/.package-lock.json ## the app's unit tests (vitest) and type check
	$(NPM) run typecheck
	$(NPM) test

mobile-e2e: setup mobile-build ## headless Chromium against the real API on a fresh database (skips without Chromium)
	$(VENV)/bin/pytest tests/e2e -m e2e --no-cov -p no:cacheprovider -rs

mobile-test: mobile-unit mobile-client-check mobile-e2e ## unit tests, client check, end-to-end tests

mobile-lighthouse: setup mobile-build ## Lighthouse (mobile settings) and installability checks on the built app
	cd $(MOBILE_DIR) && PULSE_PYTHON=$(abspath $(MOBILE_PYTHON)) CHROME_PATH=$(CHROMIUM) node scripts/lighthouse.mjs

journey-screenshots: ## Copy the journey screenshots of the last e2e run into docs/journeys/ (phone size)
	$(abspath $(MOBILE_PYTHON)) mobile/scripts/journey_screenshots.py
