"""Backup and restore: a round trip brings back the same database, on SQLite and, when
CERCLE_TEST_POSTGRES_URL is set, on PostgreSQL (pg_dump/pg_restore)."""
from __future__ import annotations

import sqlite3
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from conference.demo import load_demo
from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden
from conference.security.rules import Actor
from conference.services import backup as backups
from conference.services.auth import SYSTEM
from conference.services.backup import BackupRefused, backup, restore
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from ..factories import make_conference
from ..postgres import (  # noqa: F401  (fixtures: SQLite, and PostgreSQL when configured)
    database_rows, database_url, is_postgres, postgres_base_url, sqlite_only, temporary_database,
)


def rows_without_restore_trail(engine) -> dict:
    """The whole database, minus the audit entry the restore itself adds."""
    rows = database_rows(engine)
    rows["audit_log"] = {k: v for k, v in rows["audit_log"].items() if v["action"] != "backup.restored"}
    return rows


def backup_name(url: str, tmp_path: Path) -> Path:
    return tmp_path / ("cercle.dump" if is_postgres(url) else "cercle-backup.sqlite3")


@pytest.fixture
def demo(uow, engine):
    load_demo(uow=uow)
    return engine


def open_uow(url: str) -> tuple[UnitOfWork, object]:
    engine = make_engine(url)
    return UnitOfWork(session_factory(engine)), engine


def test_a_round_trip_into_the_same_database_brings_back_every_row(demo, database_url, tmp_path, uow, coordinator):
    before = database_rows(demo)
    out = backup_name(database_url, tmp_path)

    result = backup(database_url, out)
    make_conference(uow, coordinator, Phase.PREPARATION)  # written after the backup: lost by the restore
    restore(database_url, out)

    demo.dispose()  # a restarted app: new connections
    assert rows_without_restore_trail(demo) == before
    assert result.revision == before["alembic_version"].popitem()[0][0] and result.size == out.stat().st_size
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_round_trip_into_a_new_database_brings_back_every_row(demo, database_url, tmp_path):
    before = database_rows(demo)
    out = backup_name(database_url, tmp_path)
    backup(database_url, out)

    if is_postgres(database_url):
        with temporary_database(postgres_base_url(), label="restore") as target:
            restore(target, out)
            engine = make_engine(target)
            try:
                assert rows_without_restore_trail(engine) == before
            finally:
                engine.dispose()
    else:
        target = f"sqlite:///{tmp_path / 'elsewhere' / 'restored.sqlite3'}"
        restore(target, out)
        engine = make_engine(target)
        assert rows_without_restore_trail(engine) == before
        engine.dispose()


def test_the_restored_database_keeps_working_new_rows_get_new_ids(demo, database_url, tmp_path):
    out = backup_name(database_url, tmp_path)
    backup(database_url, out)
    restore(database_url, out)
    demo.dispose()
    uow, engine = open_uow(database_url)
    with uow:
        highest = uow.session.execute(text("SELECT max(id) FROM conferences")).scalar()

    coordinator = load_demo_coordinator(uow)
    new_id = make_conference(uow, coordinator, Phase.ORIENTATION)

    assert new_id > highest  # PostgreSQL: the sequences came back with the rows
    engine.dispose()


def load_demo_coordinator(uow):
    from conference.services import accounts

    return accounts.local_coordinator(uow=uow)


def test_backup_and_restore_are_audited(demo, database_url, tmp_path, uow):
    out = backup_name(database_url, tmp_path)
    backup(database_url, out)
    with uow:
        assert [(e.action, e.details["backend"]) for e in uow.audit.entries("database")] == [
            ("backup.created", "postgresql" if is_postgres(database_url) else "sqlite")]

    restore(database_url, out)

    with uow:
        # The backup does not hold its own entry; the restored database records the restore.
        assert [e.action for e in uow.audit.entries("database")] == ["backup.restored"]


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMIN], ids=lambda role: role.value)
def test_only_an_administrator_backs_up_or_restores(database_url, tmp_path, role):
    actor = Actor(id=1, role=role, conference_id=1 if role is Role.FAMILY else None)

    with pytest.raises(Forbidden):
        backup(database_url, tmp_path / "x", actor=actor)
    with pytest.raises(Forbidden):
        restore(database_url, tmp_path / "x", actor=actor)
    assert not (tmp_path / "x").exists()


def test_a_safety_copy_keeps_what_the_restore_replaces(demo, database_url, tmp_path, uow, coordinator):
    out = backup_name(database_url, tmp_path)
    backup(database_url, out)
    make_conference(uow, coordinator, Phase.PREPARATION)
    with_new = database_rows(demo)
    safety = tmp_path / ("safety.dump" if is_postgres(database_url) else "safety.sqlite3")

    restore(database_url, out, safety_copy=safety)
    restore(database_url, safety)

    demo.dispose()
    after = rows_without_restore_trail(demo)
    after["audit_log"] = {k: v for k, v in after["audit_log"].items() if v["action"] != "backup.created"}
    with_new["audit_log"] = {k: v for k, v in with_new["audit_log"].items() if v["action"] != "backup.created"}
    assert after == with_new


# ----------------------------------------------------------------------- SQLite only

def test_a_backup_taken_while_someone_writes_is_consistent(sqlite_only, demo, database_url, tmp_path):
    path = database_url.removeprefix("sqlite:///")
    writer = sqlite3.connect(path, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")  # the app in the middle of a write, holding the write lock
    writer.execute("UPDATE conferences SET title = 'Écriture non validée (fictive)' WHERE id = 1")
    before = database_rows(demo)
    out = tmp_path / "during.sqlite3"
    # The write ends a second later, as a real one would; the copy does not wait for it
    # (WAL: readers see the last commit), only the audit entry written afterwards does.
    finish = threading.Timer(1.0, writer.rollback)
    finish.start()

    try:
        backup(database_url, out, actor=SYSTEM)
    finally:
        finish.join()
        writer.close()

    # One standalone file: rollback-journal mode in its header (bytes 18-19: 1 = journal, 2 = WAL).
    assert out.read_bytes()[18:20] == b"\x01\x01" and not Path(f"{out}-wal").exists()
    copy = make_engine(f"sqlite:///{out}")
    assert database_rows(copy) == before  # the uncommitted title is not in it
    copy.dispose()


def test_a_file_that_is_not_a_database_is_refused_and_nothing_changes(sqlite_only, demo, database_url, tmp_path):
    before = database_rows(demo)
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("Mamie Odile: pas une base de données", encoding="utf-8")

    with pytest.raises(BackupRefused) as error:
        restore(database_url, junk)

    assert error.value.reason == "not_sqlite"
    assert database_rows(demo) == before


def test_a_database_of_another_application_is_refused(sqlite_only, demo, database_url, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")

    with pytest.raises(BackupRefused) as error:
        restore(database_url, other)

    assert error.value.reason == "not_cercle"


def test_a_backup_from_a_newer_cercle_is_refused(sqlite_only, demo, database_url, tmp_path):
    out = tmp_path / "newer.sqlite3"
    backup(database_url, out)
    with sqlite3.connect(out) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = database_rows(demo)

    with pytest.raises(BackupRefused) as error:
        restore(database_url, out)

    assert error.value.reason == "unknown_revision"
    assert database_rows(demo) == before


def test_a_backup_from_an_older_revision_is_migrated_on_restore(tmp_path):
    old_url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(old_url)
    upgrade(engine, "0003")
    engine.dispose()
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"

    result = restore(target, tmp_path / "old.sqlite3")

    engine = make_engine(target)
    with engine.connect() as connection:
        assert result.revision == "0003"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == backups._revisions()[-1]
    engine.dispose()


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupRefused) as error:
        backup("sqlite:///:memory:", tmp_path / "x")

    assert error.value.reason == "unsupported_database"


# ------------------------------------------------------------------- PostgreSQL only

def test_the_password_reaches_pg_dump_through_the_environment_never_the_command_line(demo, database_url, tmp_path,
                                                                                       monkeypatch):
    if not is_postgres(database_url):
        pytest.skip("PostgreSQL only")
    calls = []
    real_run = subprocess.run

    def spy(argv, **kwargs):
        calls.append((list(argv), dict(kwargs.get("env") or {})))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(backups.subprocess, "run", spy)
    password = backups.make_url(database_url).password
    out = tmp_path / "cercle.dump"

    backup(database_url, out)
    restore(database_url, out)

    tools = [argv for argv, _ in calls]
    assert any(Path(argv[0]).name == "pg_dump" for argv in tools)
    assert any(Path(argv[0]).name == "pg_restore" and "--clean" in argv for argv in tools)
    # The test role's password ("cercle") is also part of the database's name: look for
    # it as an argument of its own or inside a URL, not as any substring.
    assert not [arg for argv in tools for arg in argv if arg == password or "://" in arg or f":{password}@" in arg
                or arg.startswith("--password")]
    assert all(env.get("PGPASSWORD") == password for argv, env in calls if "--list" not in argv
               and "--data-only" not in argv)


def test_a_postgresql_dump_is_refused_by_a_sqlite_database_and_the_reverse(demo, database_url, tmp_path):
    if not is_postgres(database_url):
        pytest.skip("PostgreSQL only")
    dump = tmp_path / "cercle.dump"
    backup(database_url, dump)
    sqlite_copy = tmp_path / "cercle.sqlite3"
    engine = make_engine(f"sqlite:///{sqlite_copy}")
    upgrade(engine)
    engine.dispose()

    with pytest.raises(BackupRefused) as to_sqlite:
        restore(f"sqlite:///{sqlite_copy}", dump)
    with pytest.raises(BackupRefused) as to_postgres:
        restore(database_url, sqlite_copy)

    assert (to_sqlite.value.reason, to_postgres.value.reason) == ("not_sqlite", "not_pg_dump")


def test_pg_environment_carries_every_connection_setting():
    env = backups.pg_environment("postgresql+psycopg://cercle:s3cr%40t@db.example:6543/cercle_prod?sslmode=require")

    assert {k: env[k] for k in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE")} == {
        "PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "cercle", "PGPASSWORD": "s3cr@t",
        "PGDATABASE": "cercle_prod", "PGSSLMODE": "require"}


# --------------------------------------------------------------- a tampered backup (#8)

TAMPERING = {
    # The one found in the wild: "not safe" silently cleared whenever it is set.
    "trigger": "CREATE TRIGGER forget_danger AFTER UPDATE OF not_safe ON participants "
               "BEGIN UPDATE participants SET not_safe = 0 WHERE id = NEW.id; END",
    "view": "CREATE VIEW everyone AS SELECT * FROM participants",
    "column": "ALTER TABLE participants ADD COLUMN exfiltrate TEXT",
    "table": "CREATE TABLE notes_privees (id INTEGER PRIMARY KEY, texte TEXT)",
    "index": "CREATE INDEX ix_sneaky ON participants (name)",
    "dropped index": "DROP INDEX {some_index}",
}


@pytest.mark.parametrize("change", sorted(TAMPERING))
def test_a_tampered_backup_is_refused_in_french_and_nothing_changes(sqlite_only, demo, database_url, tmp_path, change):
    out = tmp_path / "tampered.sqlite3"
    backup(database_url, out)
    with sqlite3.connect(out) as connection:
        some_index = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1").fetchone()[0]
        connection.execute(TAMPERING[change].format(some_index=some_index))
    before = database_rows(demo)
    target = tmp_path / "fresh.sqlite3"

    with pytest.raises(BackupRefused) as error:
        restore(database_url, out)
    with pytest.raises(BackupRefused):
        restore(f"sqlite:///{target}", out)

    assert error.value.reason == "schema_changed"
    assert database_rows(demo) == before
    assert not target.exists()
    from conference.i18n import translator
    from conference.services.backup import REFUSAL_MESSAGES

    french = translator("fr")(REFUSAL_MESSAGES[error.value.reason], detail=error.value.detail)
    assert french.startswith("Cette sauvegarde a été modifiée en dehors de Cercle")


def test_an_untouched_backup_matches_the_schema_its_migrations_build(sqlite_only, demo, database_url, tmp_path):
    out = tmp_path / "clean.sqlite3"
    backup(database_url, out)

    backups.check_sqlite_schema(out, backups.inspect_sqlite_file(out))  # no refusal


def test_a_postgresql_dump_listing_with_a_trigger_or_a_view_is_refused():
    """The PostgreSQL check reads ``pg_restore --list`` (checked here on its text, so it runs
    without a server; the round trips above run it on real dumps when PostgreSQL is set)."""
    from conference.services.backup_schema import expected_sqlite_schema, pg_listing_differences

    revision = backups._revisions()[-1]
    tables = sorted(item[1] for item in expected_sqlite_schema(revision) if item[0] == "table")
    clean = "\n".join(f"{200 + i}; 1259 {16000 + i} TABLE public {name} cercle\n"
                      f"{400 + i}; 0 {16000 + i} TABLE DATA public {name} cercle" for i, name in enumerate(tables))

    assert pg_listing_differences(";\n; Archive created at 2026-11-23\n" + clean, revision) == ""
    assert "trigger" in pg_listing_differences(
        clean + "\n900; 2620 17000 TRIGGER public participants forget_danger cercle", revision)
    assert "view" in pg_listing_differences(clean + "\n901; 1259 17001 VIEW public everyone cercle", revision)
    assert "function" in pg_listing_differences(clean + "\n902; 1255 17002 FUNCTION public clear() cercle", revision)


def test_a_postgresql_dump_with_a_planted_trigger_is_refused_and_nothing_changes(demo, database_url, tmp_path):
    if not is_postgres(database_url):
        pytest.skip("PostgreSQL only")
    with demo.begin() as connection:
        connection.execute(text("CREATE FUNCTION forget_danger() RETURNS trigger LANGUAGE plpgsql AS "
                                "$$ BEGIN NEW.not_safe := false; RETURN NEW; END $$"))
        connection.execute(text("CREATE TRIGGER forget_danger BEFORE UPDATE ON participants "
                                "FOR EACH ROW EXECUTE FUNCTION forget_danger()"))
    out = tmp_path / "tampered.dump"
    backup(database_url, out)  # a backup copies what is there; the restore is what refuses
    before = database_rows(demo)

    with pytest.raises(BackupRefused) as error:
        restore(database_url, out)

    assert error.value.reason == "schema_changed" and "trigger" in error.value.detail
    assert database_rows(demo) == before
