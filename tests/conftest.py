"""Shared fixtures: a migrated SQLite database per test, its unit of work, a coordinator."""
from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest

from conference import clock

from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .factories import make_coordinator
from .templates import MigratedTemplates
# ``database_url``: a fresh database per test, SQLite and, when CERCLE_TEST_POSTGRES_URL
# names a server (scripts/start-postgres.sh), PostgreSQL too: the same tests on both.
from .postgres import database_url, sqlite_only  # noqa: F401


# Every test lives on Monday 23 November 2026, 10:00 in Paris, whatever the machine's date
# and time zone (CI runs the suite once more under a shifted date and TZ). The clock ticks
# from there, so rows written one after the other keep their order.
FROZEN_AT = datetime(2026, 11, 23, 9, 0)  # UTC


# Under pytest-xdist (``make test``: ``-n auto``) each test file runs whole on one worker, in
# its order, with its module fixtures built once; every test that drives a browser runs on
# one worker, one after the other (their timeouts were tuned for one Streamlit server and one
# chromium at a time on two cores). The ``xdist_group`` mark cannot say this: pytest 9 ignores
# the node id xdist rewrites for it.
BROWSER_TESTS = ("tests/browser/", "tests/benchmarks/test_rerun_cost.py", "tests/benchmarks/test_preparation_scaling.py")


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]  # node ids use / on every system
            return "browser" if path.startswith(BROWSER_TESTS) else path

    return ByFile(config, log)


def pytest_configure(config):
    """``CERCLE_SHIFTED_NOW`` (an ISO instant; ``make test-shifted``) moves this process's
    machine clock there with time-machine, so anything that still reads the machine's time
    instead of ``conference.clock`` shows up (Debian's faketime breaks Python 3.11's
    ``time.sleep``). Run it with another ``TZ`` too."""
    shifted = os.environ.get("CERCLE_SHIFTED_NOW")
    if shifted:
        import time_machine

        time_machine.travel(datetime.fromisoformat(shifted), tick=True).start()


@pytest.fixture(autouse=True, scope="session")
def frozen_clock():
    """Session-wide, so session fixtures (the browser tests' demo database) see it too;
    the browser tests' servers get the same day through ``CERCLE_FROZEN_NOW``."""
    with clock.freeze(FROZEN_AT, tick=True):
        yield FROZEN_AT


@pytest.fixture(autouse=True, scope="session")
def cheap_hashing():
    """Argon2 with cheap parameters: the suite hashes thousands of passwords and PINs. The
    browser tests' servers, separate processes, keep the real ones."""
    from argon2 import PasswordHasher

    from conference.services import hashing

    previous = hashing.use(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    hashing.use(previous)


def require_tool(name: str) -> str:
    """Path of an external tool; skip when absent, fail when CI says tools are required."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CERCLE_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required here (CERCLE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory, frozen_clock):
    """Migrated once per process and backend (tests/templates.py)."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("migrated"))
    yield templates
    templates.close()


@pytest.fixture
def engine(database_url, migrated_templates):
    """The test's database, migrated to the head: a copy of this process's template."""
    migrated_templates.restore(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine):
    return UnitOfWork(session_factory(engine))


@pytest.fixture
def coordinator(uow):
    return make_coordinator(uow)
