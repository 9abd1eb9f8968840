# Dân Vận Số — the README's commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := danvan.settings

.PHONY: run test lint bench install install-test migrate demo clean e2e a11y-deps

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

test: lint a11y-deps
	$(PY) -m pytest

e2e: $(VENV)/.installed-test
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var

# axe-core for the accessibility tests (tests/e2e/test_a11y.py), pinned in tests/a11y/package-lock.json
a11y-deps:
	@if command -v npm >/dev/null; then cd tests/a11y && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the axe-core accessibility test will be skipped"; fi
