# Dân Vận Số — the README's commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := danvan.settings

.PHONY: run test lint bench install install-test migrate demo clean e2e

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

var/.demo-loaded: $(VENV)/.installed
	mkdir -p var
	$(VENV)/bin/danvan migrate --noinput
	$(VENV)/bin/danvan demo
	touch $@

run: var/.demo-loaded
	PORT=$(PORT) $(VENV)/bin/danvan serve --port $(PORT)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/danvan makemigrations --check --dry-run > /dev/null
	$(PY) -m danvan.core.catalogues --check

test: lint
	$(PY) -m pytest

e2e: $(VENV)/.installed-test
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
