"""A migrated database per backend and test process, copied for each test.

Running the migrations costs about two seconds a database (Alembic loads every revision
and SQLite rebuilds tables in batch mode); the suite asks for thousands of databases. So each
process migrates once, into a template, and every test that asks for ``engine`` gets a copy:

- SQLite: the template file copied to the test's path (a millisecond);
- PostgreSQL: the test's empty database dropped and created again from the template
  (``CREATE DATABASE … TEMPLATE``, a file copy on the server).

The migrations themselves are still run for real by ``tests/integration/test_migrations.py``
(from an empty database, step by step, up and down), and by every test that migrates its
own ``database_url``. A copy holds exactly what ``upgrade()`` wrote, seeds included.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from conference.store.db import make_engine
from conference.store.migrate import upgrade

from .postgres import _admin_engine, drop_database, fresh_database, postgres_base_url


class MigratedTemplates:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None  # the template database's URL

    def restore(self, url: str) -> None:
        """Make the (empty) database of ``url`` a copy of the migrated template."""
        target = make_url(url)
        if target.get_backend_name() == "sqlite":
            path = Path(target.database)
            if path.exists() and path.stat().st_size:
                raise RuntimeError(f"{path} is not empty: a template copy would overwrite it")
            shutil.copyfile(self._sqlite_template(), path)
            return
        template = make_url(self._postgres_template()).database
        engine = _admin_engine(postgres_base_url())
        try:
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{target.database}" TEMPLATE "{template}"'))
        finally:
            engine.dispose()

    def _sqlite_template(self) -> Path:
        if self._sqlite is None:
            path = self._folder / "migrated.sqlite3"
            engine = make_engine(f"sqlite:///{path}")
            try:
                upgrade(engine)
                with engine.connect() as connection:  # everything into the main file, no -wal left
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                engine.dispose()
            self._sqlite = path
        return self._sqlite

    def _postgres_template(self) -> str:
        if self._postgres is None:
            url = fresh_database(postgres_base_url(), label="template")
            engine = make_engine(url)
            try:
                upgrade(engine)
            finally:
                engine.dispose()  # a template must have no session open while it is copied
            self._postgres = url
        return self._postgres

    def close(self) -> None:
        if self._postgres is not None:
            drop_database(postgres_base_url(), self._postgres)
            self._postgres = None
        if self._sqlite is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._sqlite = None
