# Charter Portal: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

# The first of python3.13, python3.12, python3 that runs and is 3.12 or newer.
PYTHON := $(shell for p in python3.13 python3.12 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: run test lint format assets serve bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Charter Portal needs Python 3.12 or newer, and none was found as python3.13, python3.12 or python3."; \
		echo "Install Python 3.12 or newer (for example: sudo apt install python3), then run make again."; \
		exit 1; \
	fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Replacing $(VENV), which was made with an older Python."; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(PY) -m pytest -n auto

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Rebuilds static/portal from package.json (needs Node.js and npm). The built
# files are committed, so `make run` and `make test` never need Node.
assets:
	npm ci --no-audit --no-fund
	npm run build

# Production-style serving: collected static files and gunicorn.
serve: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn charter_portal.wsgi --no-control-socket --bind 127.0.0.1:8000 --workers 2

# Page times, queries and throughput at a chosen size (README "Benchmark"). DATABASE_URL from the
# environment; without it a SQLite file of its own, never db.sqlite3.
BENCH_SIZE ?= 1k
bench: $(VENV)/.installed
	BENCH_SIZE=$(BENCH_SIZE) $(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
