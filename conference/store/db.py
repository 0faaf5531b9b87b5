"""The engine: one per database URL and process, SQLite tuned for a small team.

``CERCLE_DATABASE_URL`` selects the database; by default a SQLite file in ``data/``
beside the project (or ``CERCLE_DATA_DIR``). SQLite runs in WAL mode with foreign keys
on and a busy timeout, so the app and the ``cercle`` command can work side by side.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT_MS = 5000


def default_url() -> str:
    data_dir = Path(os.environ.get("CERCLE_DATA_DIR", PROJECT_ROOT / "data"))
    return f"sqlite:///{data_dir / 'cercle.sqlite3'}"


def database_url() -> str:
    return os.environ.get("CERCLE_DATABASE_URL") or default_url()


def describe(url: str) -> str:
    """Where the data lives, for start-up messages; never prints a password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite : {parsed.database or ':memory:'}"
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL and process (the app also caches it with st.cache_resource)."""
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
