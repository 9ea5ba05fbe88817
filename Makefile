# Boportal: `make run` serves the demo, `make test` runs every test. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The local PostgreSQL that `make test` also runs the suite on, when reachable.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
# This machine's pip.conf names local mirrors that may be absent; pip warns about each.
PIP_QUIET := 2>&1 | sed '/is ignored: it is neither a file nor a directory/d'

.PHONY: help run test test-sqlite test-postgres lint format check bench screenshots messages lock clean

help: ## List the make targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/.run-installed: pyproject.toml constraints.txt
	@scripts/system-deps.sh run
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages into $(VENV) (first run only)..."
	@$(PIP_INSTALL) -e . $(PIP_QUIET)
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed
	@$(PIP_INSTALL) -e '.[dev]' $(PIP_QUIET)
	@touch $@

run: $(VENV)/.run-installed ## Serve the demo site on http://127.0.0.1:$PORT (sets everything up)
	@mkdir -p var/static
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py seed_demo --url http://127.0.0.1:$(PORT)
	@PORT=$(PORT) PY=$(PY) scripts/run-demo.sh

test: $(VENV)/.dev-installed ## Run lint, checks and every test: SQLite, then PostgreSQL when reachable
	@scripts/system-deps.sh test
	@$(MAKE) --no-print-directory lint check
	@$(MAKE) --no-print-directory test-sqlite
	@if DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(PY) scripts/db_reachable.py; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$DATABASE_URL" ]; then \
		echo "DATABASE_URL is set but its database cannot be reached." >&2; exit 1; \
	else echo "No PostgreSQL at $(PG_TEST_URL): ran on SQLite only."; fi

test-sqlite: $(VENV)/.dev-installed ## Run the suite on SQLite, with the coverage floor
	@echo "== Test suite on SQLite"
	@env -u DATABASE_URL $(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev-installed ## Run the suite on PostgreSQL ($DATABASE_URL or the local server)
	@echo "== Test suite on PostgreSQL"
	@DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed ## Check code style (ruff) and template indentation (djhtml)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@find cms forms_ext guides templates -name '*.html' -print0 | xargs -0 $(VENV)/bin/djhtml --check

format: $(VENV)/.dev-installed ## Fix code style and template indentation
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .
	@find cms forms_ext guides templates -name '*.html' -print0 | xargs -0 $(VENV)/bin/djhtml

check: $(VENV)/.run-installed ## Django's system checks and a check for missing migrations
	@mkdir -p var
	@$(PY) manage.py check
	@$(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.dev-installed ## Benchmark pages and guides (gunicorn vs nginx), exports of 1M submissions and inventories (BENCH_SCALE=quick: short; BENCH_ONLY=pages|guides|exports|inventories)
	@scripts/system-deps.sh bench
	@$(PY) scripts/bench.py

screenshots: $(VENV)/.dev-installed ## Retake the README's walkthrough screenshots (docs/walkthrough/) with the browser tests
	@scripts/system-deps.sh test
	@SCREENSHOTS=docs/walkthrough $(PY) -m pytest -q -p no:cacheprovider tests/browser/test_templates.py

messages: $(VENV)/.dev-installed ## Update the nb, nn, sv and ar translation catalogues and compile them
	@# cms's catalogue also holds the site-wide templates/, so it is made from the top.
	@$(PY) manage.py makemessages -l nb -l nn -l sv -l ar --no-obsolete -v0 \
		-i '.venv/*' -i 'var/*' -i 'forms_ext/*' -i 'guides/*' -i 'tests/*' -i 'scripts/*' -i '*.egg-info/*'
	@for app in forms_ext guides; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l nb -l nn -l sv -l ar --no-obsolete -v0); done
	@for app in cms forms_ext guides; do (cd $$app && ../$(PY) ../manage.py compilemessages -v0); done
	@for po in */locale/*/LC_MESSAGES/django.po; do \
		stats=$$(msgfmt --statistics -o /dev/null "$$po" 2>&1); \
		case "$$stats" in *fuzzy*|*untranslated*) echo "$$po: $$stats";; esac; done

lock: ## Re-pin every dependency in constraints.txt from a fresh resolve of pyproject.toml
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/pip install --quiet -e '.[dev,s3]' $(PIP_QUIET)
	@.lock-venv/bin/pip freeze --exclude-editable | grep -v '^boportal' > constraints.txt
	@rm -rf .lock-venv && echo "constraints.txt updated"

clean: ## Remove the virtualenv, the demo database and other generated files
	rm -rf $(VENV) var .pytest_cache .ruff_cache .coverage htmlcov
