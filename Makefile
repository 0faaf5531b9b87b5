# Cercle — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: install lock run test test-fast test-shifted test-pg demo migrate bench lint-i18n clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package comes from requirements.lock, pinned with its hashes; Cercle itself is then
# installed in editable mode without resolving anything again.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Re-resolve requirements.lock from pyproject.toml after changing a dependency, keeping the
## other pins (`make lock UPGRADE=1` moves every package to its newest allowed release)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml requirements-build.in --extra test --generate-hashes $(if $(UPGRADE),--upgrade) \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header -o requirements.lock

migrate: install
	$(BIN)/cercle db upgrade

demo: migrate
	$(BIN)/cercle demo --if-empty

## Installs, migrates, serves http://localhost:$(PORT); on an empty database the first screen offers the fictional
## demo in one click or a real start (docs/decisions/0013)
run: install
	$(BIN)/cercle run --port $(PORT)

## Installs, then runs the whole suite (unit, integration, pages, exports, benchmarks once) on every core
## (pytest-xdist: a file whole on one worker; tests/conftest.py), then the browser journeys alone: they
## type into live grids and wait for downloads, and a loaded machine made them flaky (decision 0028).
## `make test JOBS=0`: one process
JOBS   ?= auto
XDIST  := -n $(JOBS)
test: install
	$(BIN)/python -m pytest $(XDIST) --ignore=tests/browser
	$(BIN)/python -m pytest tests/browser

## The suite on SQLite and on a throwaway PostgreSQL (127.0.0.1:54329; needs Debian's postgresql)
test-pg: install
	CERCLE_TEST_POSTGRES_URL="$$(scripts/start-postgres.sh)" $(MAKE) test

## The page and export tests once more on another day, in another time zone (time-machine moves the
## machine's clock in the test process): the suite must not depend on the machine's date or TZ. On SQLite
## only: the machine's clock and TZ do not reach the database server, whose turn `make test` already had
SHIFTED_TZ  ?= Pacific/Kiritimati
SHIFTED_NOW ?= 2027-02-28T23:50:00+14:00
test-shifted: install
	env -u CERCLE_TEST_POSTGRES_URL TZ=$(SHIFTED_TZ) CERCLE_SHIFTED_NOW="$(SHIFTED_NOW)" \
	  $(BIN)/python -m pytest tests/pages tests/exports -q $(XDIST)

test-fast: install
	$(BIN)/python -m pytest -m "not browser and not soffice"

## Benchmarks with timings (compare against their baselines in the same run), on the large data sets
## (100,000 situations for the evaluation: minutes to build); `make test` runs the same code on small ones
bench: install
	CERCLE_BENCH_LARGE=1 $(BIN)/python -m pytest tests/benchmarks --benchmark-enable --benchmark-columns=mean,median,stddev,rounds

lint-i18n: install
	$(BIN)/python -m conference.i18n.check

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks *.egg-info
