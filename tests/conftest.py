"""Shared fixtures: a migrated SQLite database per test, its unit of work, a coordinator."""
from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest

from conference import clock

from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from .factories import make_coordinator
# ``database_url``: a fresh database per test, SQLite and, when CERCLE_TEST_POSTGRES_URL
# names a server (scripts/start-postgres.sh), PostgreSQL too: the same tests on both.
from .postgres import database_url, sqlite_only  # noqa: F401


# Every test lives on Monday 23 November 2026, 10:00 in Paris, whatever the machine's date
# and time zone (CI runs the suite once more under a shifted date and TZ). The clock ticks
# from there, so rows written one after the other keep their order.
FROZEN_AT = datetime(2026, 11, 23, 9, 0)  # UTC


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


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine):
    return UnitOfWork(session_factory(engine))


@pytest.fixture
def coordinator(uow):
    return make_coordinator(uow)
