# Cercle — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: install run test test-fast test-pg demo migrate bench lint-i18n clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/cercle db upgrade

demo: migrate
	$(BIN)/cercle demo --if-empty

## Installs, migrates, loads the fictional demo if the database is empty, serves http://localhost:$(PORT)
run: install
	$(BIN)/cercle run --port $(PORT)

## Installs, then runs the whole suite (unit, integration, pages, exports, browser, benchmarks once)
test: install
	$(BIN)/python -m pytest

## The suite on SQLite and on a throwaway PostgreSQL (127.0.0.1:54329; needs Debian's postgresql)
test-pg: install
	CERCLE_TEST_POSTGRES_URL="$$(scripts/start-postgres.sh)" $(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not browser and not soffice"

## Benchmarks with timings (compare against their baselines in the same run)
bench: install
	$(BIN)/python -m pytest tests/benchmarks --benchmark-enable --benchmark-columns=mean,median,stddev,rounds

lint-i18n: install
	$(BIN)/python -m conference.i18n.check

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks *.egg-info
