# Gradient: day-to-day commands. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/gradient
# Test workers: one per core (pytest-xdist, idle workers steal queued tests);
# TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
PYTEST_XDIST = -n $(TEST_WORKERS) $(if $(filter 0,$(TEST_WORKERS)),,--dist worksteal)

.DEFAULT_GOAL := help
.PHONY: help install setup run migrate fixtures test test-postgres check lint format superuser clean bench cluster-demo editors-check

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtual environment and install everything

migrate: install ## Apply database migrations
	DEBUG=1 $(PY) manage.py migrate --noinput

fixtures: install ## Reload every fixture object (no duplicates; overwrites admin edits to the same objects)
	DEBUG=1 $(PY) manage.py loadcontent --overwrite

setup: migrate ## Install, migrate, and add fixture objects the database lacks (keeps admin edits)
	DEBUG=1 $(PY) manage.py loadcontent

run: setup ## Set everything up and serve the site on http://127.0.0.1:8000/
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite)
	$(VENV)/bin/pytest $(PYTEST_XDIST)

test-postgres: install ## Run the whole test suite on PostgreSQL (POSTGRES_URL)
	DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest $(PYTEST_XDIST)

check: install ## Django system checks, migrations in sync, production settings
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 ALLOWED_HOSTS=gradient.example DATABASE_URL=$(POSTGRES_URL) SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

lint: install ## Lint and check formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install ## Benchmark every page at N synthetic programs (N=10000), in process and over HTTP
	$(PY) -m bench.run --programs $(or $(N),10000)

cluster-demo: install ## Two gunicorn servers on one PostgreSQL and one Redis: an edit on one is seen on the other
	$(PY) -m bench.cluster

editors-check: install ## Ten editors saving one program at once, and admin sign-in lockout, over HTTP (PostgreSQL)
	$(PY) -m bench.editors

superuser: install ## Create an admin user for /admin/ (asks for a name and password)
	DEBUG=1 $(PY) manage.py createsuperuser

clean: ## Remove the virtual environment, database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
