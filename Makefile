# Dân Vận Số — the README's commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# Test processes: one per core (pytest-xdist); files stay whole on one worker.
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE := danvan.settings

.PHONY: run test lint bench scenario install install-test migrate demo clean e2e a11y-deps

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
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

e2e: $(VENV)/.installed-test
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

# Hà Nội's H1 2024 review at its real size (24,254 practices, 10,665 supervisions...) through the
# importers, and the city's report printing exactly those figures: minutes, so not in `make test`.
# SQLite by default; DATABASE_URL=postgres://... for PostgreSQL.
scenario: $(VENV)/.installed-test
	DANVAN_FULL_SCENARIO=1 $(PY) -m pytest tests/scenarios/test_review_h1_2024_city.py -p no:randomly

clean:
	rm -rf $(VENV) var

# axe-core for the accessibility tests (tests/e2e/test_a11y.py), pinned in tests/a11y/package-lock.json
a11y-deps:
	@if command -v npm >/dev/null; then cd tests/a11y && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the axe-core accessibility test will be skipped"; fi
