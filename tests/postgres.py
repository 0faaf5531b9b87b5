"""PostgreSQL for the tests: the server comes from ``CERCLE_TEST_POSTGRES_URL``.

    export CERCLE_TEST_POSTGRES_URL="$(scripts/start-postgres.sh)"

Without that variable every PostgreSQL test is skipped (``postgres_base_url()`` is None).
With it, each test gets its own database (``fresh_database``), created from ``template0``
with a unique name and dropped afterwards, so tests never see each other's rows and may
run in parallel. The role in the URL needs CREATEDB (the script gives it).

The ``database_url`` fixture below is the one ``tests/conftest.py`` uses: every test
that asks for a database runs on SQLite and, when the variable is set, on PostgreSQL
(ids ``[sqlite]`` and ``[postgres]``). ``sqlite_only`` skips a test about SQLite itself
on PostgreSQL. ``database_rows`` reads a whole database, to compare two of them.
"""
from __future__ import annotations

import os
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.pool import NullPool
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

ENV = "CERCLE_TEST_POSTGRES_URL"
PREFIX = "cercle_t_"


def postgres_base_url() -> str | None:
    """The test server's URL (any database on it), or None when PostgreSQL tests are off."""
    url = (os.environ.get(ENV) or "").strip()
    return url or None


def _admin_engine(base_url: str):
    # CREATE/DROP DATABASE cannot run inside a transaction: autocommit, and connect to the
    # URL's own database (never to the one being created or dropped).
    return create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _with_database(base_url: str, name: str) -> URL:
    return make_url(base_url).set(database=name)


def url_string(url: URL) -> str:
    """The URL with its password (SQLAlchemy's ``str()`` masks it as ***)."""
    return url.render_as_string(hide_password=False)


def fresh_database(base_url: str, *, label: str = "") -> str:
    """Create an empty database with a unique name on the server of ``base_url``; its URL."""
    suffix = "".join(ch for ch in label.lower() if ch.isalnum())[:20]
    name = f"{PREFIX}{suffix + '_' if suffix else ''}{uuid.uuid4().hex[:12]}"
    engine = _admin_engine(base_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    finally:
        engine.dispose()
    return url_string(_with_database(base_url, name))


def drop_database(base_url: str, url: str, *, attempts: int = 5) -> None:
    """Drop the database of ``url`` (made by ``fresh_database``), closing its sessions.

    Retried a few times: on a server whose autovacuum is on (not the one of
    scripts/start-postgres.sh), a worker may be busy in the database, and a role that is
    not superuser may not terminate it; it leaves within a moment."""
    name = make_url(url).database
    if not name or not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: not a test database made by fresh_database")
    engine = _admin_engine(base_url)
    try:
        for attempt in range(attempts):
            try:
                with engine.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))
    finally:
        engine.dispose()


@contextmanager
def temporary_database(base_url: str, *, label: str = "") -> Iterator[str]:
    """``with temporary_database(base) as url:`` a fresh database, dropped on the way out."""
    url = fresh_database(base_url, label=label)
    try:
        yield url
    finally:
        drop_database(base_url, url)


def drop_leftovers(base_url: str) -> list[str]:
    """Drop every test database a killed run left behind (names start with the prefix)."""
    engine = _admin_engine(base_url)
    try:
        with engine.connect() as connection:
            names = list(connection.scalars(text(
                # starts_with, not LIKE: "_" is a LIKE wildcard and would match cercle_test.
                "SELECT datname FROM pg_database WHERE starts_with(datname, :p) AND datname <> current_database()"),
                {"p": PREFIX}))
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
    return names


# ------------------------------------------------------------------------------ fixtures

def backends() -> list[str]:
    return ["sqlite"] + (["postgres"] if postgres_base_url() else [])


@pytest.fixture(params=backends())
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file in the test's tmp_path, or a new
    PostgreSQL database (unique name, dropped after the test even if it failed)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cercle-test.sqlite3'}"
        return
    base = postgres_base_url()
    url = fresh_database(base, label=request.node.originalname or "")
    try:
        yield url
    finally:
        drop_database(base, url)


@pytest.fixture
def sqlite_only(database_url) -> None:
    """For tests about SQLite itself (pragmas, file copies): skipped on PostgreSQL."""
    if not database_url.startswith("sqlite"):
        pytest.skip("about SQLite itself")


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


# --------------------------------------------------------------------------- comparing

def database_rows(engine: Engine, *, skip: tuple[str, ...] = ()) -> dict[str, dict[tuple, dict]]:
    """{table: {primary key: {column: value}}} for every table of the Cercle models and
    ``alembic_version``: two databases holding the same data give equal results,
    whatever their backend. Tables named in ``skip`` are left out."""
    from conference.store.models import Base

    out: dict[str, dict[tuple, dict]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in skip:
                continue
            key = [c.name for c in table.primary_key.columns]
            out[table.name] = {tuple(row[k] for k in key): dict(row)
                               for row in connection.execute(select(table)).mappings()}
        if "alembic_version" not in skip:
            out["alembic_version"] = {(v,): {"version_num": v} for v in
                                      connection.scalars(text("SELECT version_num FROM alembic_version"))}
    return out
