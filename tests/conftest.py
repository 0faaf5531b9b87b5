"""Shared fixtures: a migrated SQLite database per test, its unit of work, a coordinator."""
from __future__ import annotations

import os
import shutil

import pytest

from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from .factories import make_coordinator
# ``database_url``: a fresh database per test, SQLite and, when CERCLE_TEST_POSTGRES_URL
# names a server (scripts/start-postgres.sh), PostgreSQL too: the same tests on both.
from .postgres import database_url, sqlite_only  # noqa: F401


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
