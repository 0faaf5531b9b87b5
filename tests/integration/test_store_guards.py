"""Guards on the store: migrations match the models; personal columns say how they are
anonymised; SQLite runs with the pragmas we rely on."""
from __future__ import annotations

import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from conference.store.models import Base

LOOKS_PERSONAL = re.compile(r"name|title|situation|text|note|phone|email|login|question|concern|answer|author|"
                            r"reason|description|what|who|when|sign|support|place|content|_by|changed|problem|"
                            r"different|whom|password|if_not|arrangement|why", re.I)


def test_the_migrations_create_exactly_the_schema_of_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert not diff, f"Models and migrations differ; generate a migration: {diff}"


def test_every_personal_looking_column_says_how_it_is_anonymised():
    missing = [f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns
               if LOOKS_PERSONAL.search(c.name) and "anonymise" not in c.info
               and not c.primary_key and not c.foreign_keys and c.type.python_type is not bool]

    assert not missing, f"No anonymisation rule for {missing}: add info=ERASE, or info=KEEP plus a comment why"


def test_sqlite_enforces_foreign_keys_and_uses_wal(sqlite_only, engine):
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
