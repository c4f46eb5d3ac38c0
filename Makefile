# gridlens: `make run` runs the product (embedded default), `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
BIN := .venv/bin
NPM := npm --prefix frontend
HOST ?= 127.0.0.1
PORT ?= 8000
export GRIDLENS_STORE_URL ?= ./var/store
# Bytecode compiled at install: every command then starts without compiling its imports.
export UV_COMPILE_BYTECODE ?= 1

ENV_FILE ?= .env
DOCKER ?= docker

.PHONY: help setup system-deps web run data up test lint test-py test-web e2e bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Tests and lint take the dev group (uv's default); running takes the project's dependencies only.
.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --inexact
	@touch $@ .venv/.synced-run

.venv/.synced-run: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --inexact --no-dev
	@touch $@

# What the browser and proxy tests need from the system: installed when we may (root on Debian),
# else named, before any test runs.
SYSTEM_DEPS := chromium:chromium nginx:nginx-light promtool:prometheus amtool:prometheus-alertmanager
system-deps: ## install what the tests need from the system (root on Debian), or say what
	@missing=""; for dep in $(SYSTEM_DEPS); do \
	  command -v "$${dep%%:*}" >/dev/null || missing="$$missing $${dep#*:}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "system-deps: installing$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "make test needs these system packages:$$missing"; \
	  echo "install them first, e.g.: sudo apt-get install$$missing"; exit 1; \
	fi

setup: .venv/.synced frontend/node_modules/.installed ## install Python and npm dependencies

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund
	@touch $@

web: frontend/node_modules/.installed ## build the web UI into frontend/dist
	$(NPM) run build

data: .venv/.synced-run ## put a generator sheet into the embedded store (EPA's, else a synthetic sample)
	@mkdir -p var/store
	@if ls var/store/*.csv >/dev/null 2>&1; then echo "data: var/store already holds CSVs"; \
	elif $(BIN)/gridlens egrid fetch --out var/store/gen23.csv --timeout 30; then :; \
	else echo "data: EPA's workbook is out of reach; using a SYNTHETIC sample instead"; \
	  $(BIN)/gridlens sample --out var/store/synthetic-gen23.csv; fi

run: .venv/.synced-run web data ## set up, migrate, ingest the store, serve on http://127.0.0.1:8000
	$(BIN)/gridlens ingest
	$(BIN)/gridlens users bootstrap-admin
	$(BIN)/gridlens serve --host $(HOST) --port $(PORT)

up: ## the compose stack, built and started; .env with fresh secrets first if there is none
	@if [ -e $(ENV_FILE) ]; then first=; else first=--first; fi; \
	$(PYTHON) scripts/compose_env.py create .env.example $(ENV_FILE) && \
	$(DOCKER) compose --env-file $(ENV_FILE) up --build -d && \
	$(PYTHON) scripts/compose_env.py summary $(ENV_FILE) $$first

lint: .venv/.synced ## ruff and mypy
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/mypy --strict scripts

test-py: .venv/.synced ## Python unit and integration tests (PostgreSQL, S3 endpoint, shared data)
	$(BIN)/pytest

test-web: frontend/node_modules/.installed ## component tests, then the browser tests against a real server
	$(NPM) run lint
	$(NPM) test
	$(NPM) run build
	$(NPM) run e2e

test: system-deps lint test-py test-web ## every test (installs what it needs, see system-deps)

bench: .venv/.synced ## benchmarks (needs PostgreSQL; installs wrk); writes docs/benchmarks.md
	$(UV) sync --frozen --inexact --group bench
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench

clean: ## remove the embedded database, store and builds
	rm -rf var frontend/dist
