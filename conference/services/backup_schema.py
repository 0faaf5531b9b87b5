"""What a restored database may be made of: exactly the schema Cercle's migrations build.

A backup is a file anyone with access to the disk can edit. Rows are data (they go through
the app's rules once restored), but schema objects act on their own: a planted trigger
once cleared the "not safe" flag of a person whenever it was set, and a view or an extra
column can carry data where no export rule looks. So a restore compares the backup's
schema with the one the migrations build up to the backup's revision, on a scratch file,
and refuses any difference (``conference/services/backup.py`` raises ``BackupRefused``).

SQLite: tables, their columns (name, type, not null, default, primary key), indexes
(table, columns, uniqueness), triggers and views. PostgreSQL (a ``pg_dump`` custom file,
read with ``pg_restore --list`` without any server): the kinds of object the migrations
create and the same table names; any trigger, view, function, rule or policy is refused.
"""
from __future__ import annotations

import re
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from conference.store.db import make_engine
from conference.store.migrate import upgrade


def sqlite_schema(connection: sqlite3.Connection) -> frozenset[tuple]:
    """What a SQLite database is made of, comparable between two files."""
    found: set[tuple] = set()
    objects = connection.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    for kind, name, table in objects.fetchall():
        if kind == "table":
            for _, column, ctype, notnull, default, pk in connection.execute(f'PRAGMA table_info("{name}")'):
                found.add(("column", name, column, ctype.upper(), notnull, default, pk))
            found.add(("table", name))
        elif kind == "index":
            columns = tuple(c[2] for c in connection.execute(f'PRAGMA index_info("{name}")'))
            unique = connection.execute('SELECT "unique" FROM pragma_index_list(?) WHERE name = ?',
                                        (table, name)).fetchone()
            found.add(("index", name, table, columns, unique[0] if unique else None))
        else:  # trigger, view
            found.add((kind, name, table))
    return frozenset(found)


@lru_cache(maxsize=None)
def expected_sqlite_schema(revision: str) -> frozenset[tuple]:
    """The schema Cercle's migrations build up to ``revision`` (built once per process)."""
    with tempfile.TemporaryDirectory(prefix="cercle-schema-") as folder:
        reference = Path(folder) / "reference.sqlite3"
        engine = make_engine(f"sqlite:///{reference}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        connection = sqlite3.connect(reference)
        try:
            return sqlite_schema(connection)
        finally:
            connection.close()


def describe(differences: set[tuple]) -> str:
    """A short list for the refusal message: « trigger forget_danger, column participants.x »."""
    names = sorted({f"{item[0]} {item[1]}" + (f".{item[2]}" if item[0] == "column" else "") for item in differences})
    return ", ".join(names[:8]) + (" …" if len(names) > 8 else "")


def sqlite_differences(connection: sqlite3.Connection, revision: str) -> str:
    """"" when the database's schema is the migrations' one at ``revision``; else what differs."""
    actual, expected = sqlite_schema(connection), expected_sqlite_schema(revision)
    return describe(set(actual ^ expected)) if actual != expected else ""


#: The kinds of object a Cercle dump holds (pg_restore --list); anything else, a trigger,
#: view, function or rule above all, was added outside the migrations.
PG_DUMP_KINDS = frozenset({"TABLE", "TABLE DATA", "SEQUENCE", "SEQUENCE OWNED BY", "SEQUENCE SET", "DEFAULT",
                           "CONSTRAINT", "FK CONSTRAINT", "INDEX", "TYPE", "SCHEMA", "COMMENT", "ACL"})


def pg_listing_differences(listing: str, revision: str) -> str:
    """"" when a ``pg_restore --list`` listing holds only Cercle's kinds of object and the
    tables of ``revision``; else what differs."""
    strange, tables = set(), set()
    kinds = sorted(PG_DUMP_KINDS, key=len, reverse=True)  # "TABLE DATA" before "TABLE"
    for line in listing.splitlines():
        # 215; 1259 16390 TABLE public conferences cercle
        entry = re.match(r"^\d+; \d+ \d+ (.*)$", line)
        if not entry:
            continue
        rest = entry.group(1)
        kind = next((k for k in kinds if rest.startswith(k + " ")), None)
        words = rest[len(kind) + 1:].split() if kind else rest.split()
        if kind is None:
            strange.add((words[0].lower(), " ".join(words[1:3])))
        elif kind == "TABLE" and len(words) >= 2:
            tables.add(words[1])
    expected = {item[1] for item in expected_sqlite_schema(revision) if item[0] == "table"}
    strange |= {("table", name) for name in tables ^ expected}
    return describe(strange) if strange else ""
