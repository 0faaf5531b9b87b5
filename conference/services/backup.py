"""Backup and restore of the whole database, for the administrator and the command line.

    backup("sqlite:///data/cercle.sqlite3", "cercle-2026-11-23.sqlite3")
    restore("sqlite:///data/cercle.sqlite3", "cercle-2026-11-23.sqlite3")

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent
snapshot while the app keeps running (one step, under a read lock), into a standalone
file (rollback journal, not WAL: one file to carry). Restoring copies back the same way
into the target, after checking that the file is a sound Cercle database (an Alembic
revision this version knows, and exactly the schema its migrations build: the same
tables, columns and indexes, no trigger or view of its own; a planted trigger could
silently clear "not safe" flags), then migrates it to the current head.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists
--single-transaction``. The connection comes from the URL through libpq's environment
(PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD): the password never appears on a command
line, where any user of the machine could read it. Tools are looked for in
``$CERCLE_PG_BINDIR``, then the newest ``/usr/lib/postgresql/*/bin``, then ``PATH``
(pg_dump must be at least as new as the server).

Backup files hold every personal datum of the database: they are written with mode 0600
and appear only once complete (written aside, then renamed). Both functions check
``can_backup`` and write an audit entry (``backup.created`` in the backed-up database,
after the copy, so the copy does not hold it; ``backup.restored`` in the restored one).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from conference.domain.errors import DomainError, Forbidden
from conference.i18n import N_
from conference.security import rules
from conference.security.rules import Actor
from conference.store.db import (BUSY_TIMEOUT_MS, create_private_file, make_engine, private_folder,
                                 session_factory)
from conference.store.migrate import MIGRATIONS, upgrade
from conference.store.uow import UnitOfWork

from . import backup_schema
from .auth import SYSTEM

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
#: Tables every Cercle database has had since its first migration.
CORE_TABLES = frozenset({"alembic_version", "conferences", "users", "audit_log", "participants"})
TOOL_TIMEOUT_S = 3600


class BackupRefused(DomainError):
    """A backup or restore that Cercle will not do. ``reason``:

    ``unsupported_database`` (neither SQLite nor PostgreSQL, or an in-memory SQLite),
    ``missing_file``, ``not_sqlite`` / ``not_pg_dump`` (a file of another kind),
    ``not_cercle`` (no Cercle tables), ``unknown_revision`` (made by a newer Cercle),
    ``damaged`` (SQLite's check failed), ``schema_changed`` (tables, columns or indexes
    differ from what the migrations build, or a trigger, view or function was added;
    ``detail`` names them), ``target_newer`` (the target database is at a
    newer revision than the backup: restore into a new database), ``tool_missing``
    (pg_dump/pg_restore not installed), ``tool_failed`` (``detail``: the tool's message).
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"backup refused: {reason}{' — ' + detail if detail else ''}")
        self.reason, self.detail = reason, detail


#: What to tell the administrator for each ``BackupRefused.reason`` (French in retention.po):
#: ``_(REFUSAL_MESSAGES[error.reason], detail=error.detail)``.
REFUSAL_MESSAGES = {
    "unsupported_database": N_("Backups work with SQLite (a file) and PostgreSQL only ({detail})."),
    "missing_file": N_("File not found: {detail}"),
    "not_sqlite": N_("This file is not a SQLite database: it cannot be restored here."),
    "not_pg_dump": N_("This file is not a PostgreSQL backup (pg_dump, custom format): it cannot be restored here."),
    "not_cercle": N_("This file is not a Cercle backup (missing: {detail})."),
    "unknown_revision": N_("This backup comes from a newer version of Cercle: update Cercle first."),
    "damaged": N_("This backup file is damaged ({detail})."),
    "schema_changed": N_("This backup was modified outside Cercle and is refused; nothing was changed "
                         "(found: {detail})."),
    "target_newer": N_("The database is newer than this backup: restore it into a new, empty database."),
    "tool_missing": N_("{detail} is not installed (Debian package postgresql-client)."),
    "tool_failed": N_("The PostgreSQL tool stopped with this message: {detail}"),
}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str  # "sqlite" or "postgresql"
    revision: str  # the Alembic revision of the data copied
    size: int  # bytes of the backup file


# --------------------------------------------------------------------------- helpers

def _revisions() -> list[str]:
    """Known Alembic revisions, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]


def _backend(url: str) -> str:
    parsed = make_url(url)
    name = parsed.get_backend_name()
    if name == "sqlite":
        if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file::memory:"):
            raise BackupRefused("unsupported_database", "in-memory SQLite")
        return "sqlite"
    if name == "postgresql":
        return "postgresql"
    raise BackupRefused("unsupported_database", name)


def _check_actor(actor: Actor, action: str) -> None:
    if not rules.can_backup(actor):
        raise Forbidden(action)


def _audit(url: str, actor: Actor, action: str, **codes) -> None:
    engine = make_engine(url)
    try:
        uow = UnitOfWork(session_factory(engine))
        with uow:
            uow.audit.record(actor, action, "database", None, **codes)
            uow.commit()
    finally:
        engine.dispose()


def _private_tempfile(directory: Path, suffix: str) -> Path:
    """An empty file readable by its owner only, beside the final file (same filesystem)."""
    private_folder(directory)
    handle, name = tempfile.mkstemp(prefix=".cercle-backup-", suffix=suffix, dir=directory)
    os.close(handle)
    os.chmod(name, 0o600)
    return Path(name)


def _publish(tmp: Path, out: Path) -> None:
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)


def _current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- SQLite

def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)


def _ro(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_MS / 1000)
    return connection


def inspect_sqlite_file(path: str | Path) -> str:
    """The Alembic revision of a SQLite Cercle database file; ``BackupRefused`` if it is
    not a sound one (wrong kind of file, no Cercle tables, unknown revision, damaged)."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused("missing_file", str(path))
    with open(path, "rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupRefused("not_sqlite", str(path))
    connection = _ro(path)
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not CORE_TABLES <= tables:
            raise BackupRefused("not_cercle", ", ".join(sorted(CORE_TABLES - tables)))
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if len(found) != 1 or found[0][0] not in _revisions():
            raise BackupRefused("unknown_revision", ", ".join(str(v) for (v,) in found))
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupRefused("damaged", str(check))
        return found[0][0]
    except sqlite3.DatabaseError as error:
        raise BackupRefused("damaged", str(error)) from error
    finally:
        connection.close()


def check_sqlite_schema(path: str | Path, revision: str) -> None:
    """``BackupRefused("schema_changed")`` unless the file's schema is exactly the one the
    migrations build up to ``revision`` (nothing added, removed or altered)."""
    connection = _ro(Path(path))
    try:
        found = backup_schema.sqlite_differences(connection, revision)
    finally:
        connection.close()
    if found:
        raise BackupRefused("schema_changed", found)


def _sqlite_backup(url: str, out: Path) -> str:
    source_path = _sqlite_path(url)
    revision = inspect_sqlite_file(source_path)
    tmp = _private_tempfile(out.parent, ".sqlite3")
    try:
        source, target = _ro(source_path), sqlite3.connect(tmp)
        try:
            source.backup(target)  # pages=-1: one step, a consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # a standalone file, no -wal beside it
            target.commit()
        finally:
            source.close()
            target.close()
        inspect_sqlite_file(tmp)
        _publish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return revision


def _sqlite_restore(url: str, source_path: Path) -> str:
    revision = inspect_sqlite_file(source_path)
    target_path = _sqlite_path(url)
    private_folder(target_path.parent)
    create_private_file(target_path)
    source, target = _ro(source_path), sqlite3.connect(target_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        target.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        source.backup(target)
    finally:
        source.close()
        target.close()
    return revision


# ------------------------------------------------------------------------ PostgreSQL

def pg_tool(name: str) -> str:
    """Path of ``pg_dump``/``pg_restore``: $CERCLE_PG_BINDIR, the newest Debian server
    binaries, then PATH. ``BackupRefused("tool_missing")`` when none is found."""
    candidates = []
    if os.environ.get("CERCLE_PG_BINDIR"):
        candidates.append(Path(os.environ["CERCLE_PG_BINDIR"]) / name)

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", path.parent.parent.name)) or (0,)

    candidates.extend(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version, reverse=True))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupRefused("tool_missing", name)


def pg_environment(url: str) -> dict[str, str]:
    """libpq environment variables for ``url`` (password included: never argv)."""
    parsed = make_url(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    pairs = {"PGHOST": parsed.host, "PGPORT": parsed.port, "PGUSER": parsed.username,
             "PGPASSWORD": parsed.password, "PGDATABASE": parsed.database,
             "PGSSLMODE": parsed.query.get("sslmode"), "PGAPPNAME": "cercle-backup"}
    if not parsed.host and parsed.query.get("host"):
        pairs["PGHOST"] = parsed.query["host"]
    env.update({k: str(v) for k, v in pairs.items() if v not in (None, "")})
    return env


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TOOL_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupRefused("tool_failed", str(error)) from error
    if done.returncode != 0:
        raise BackupRefused("tool_failed", done.stderr.decode(errors="replace").strip()[-2000:])
    return done


def inspect_pg_dump(path: str | Path) -> str:
    """The Alembic revision inside a ``pg_dump --format=custom`` file of a Cercle database;
    ``BackupRefused`` otherwise. Reads the file only (no server needed)."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused("missing_file", str(path))
    with open(path, "rb") as fh:
        if fh.read(len(PG_DUMP_HEADER)) != PG_DUMP_HEADER:
            raise BackupRefused("not_pg_dump", str(path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    listing = _run([pg_tool("pg_restore"), "--list", str(path)], env).stdout.decode(errors="replace")
    tables = set(re.findall(r"\bTABLE \S+ (\w+) ", listing))
    if not CORE_TABLES <= tables:
        raise BackupRefused("not_cercle", ", ".join(sorted(CORE_TABLES - tables)))
    data = _run([pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
                env).stdout.decode(errors="replace")
    # COPY public.alembic_version (version_num) FROM stdin;\n0004\n\.
    found = re.search(r"COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)\n\\\.", data, re.S)
    values = found.group(1).split("\n") if found else []
    if len(values) != 1 or values[0] not in _revisions():
        raise BackupRefused("unknown_revision", ", ".join(values))
    return values[0]


def check_pg_dump_objects(path: str | Path, revision: str) -> None:
    """``BackupRefused("schema_changed")`` when a dump holds an object of a kind Cercle's
    migrations never create (trigger, view, function…), or other tables than ``revision``'s."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    listing = _run([pg_tool("pg_restore"), "--list", str(path)], env).stdout.decode(errors="replace")
    found = backup_schema.pg_listing_differences(listing, revision)
    if found:
        raise BackupRefused("schema_changed", found)


def _pg_backup(url: str, out: Path) -> str:
    revision = _current_revision(url)
    if revision is None:
        raise BackupRefused("not_cercle", "alembic_version")
    tmp = _private_tempfile(out.parent, ".dump")
    try:
        _run([pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={tmp}"], pg_environment(url))
        inspect_pg_dump(tmp)
        _publish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return revision


def _pg_restore(url: str, source_path: Path) -> str:
    revision = inspect_pg_dump(source_path)
    known = _revisions()
    current = _current_revision(url)
    if current is not None and current in known and known.index(current) > known.index(revision):
        # pg_restore --clean drops only what the dump holds: newer tables would stay,
        # and the next migration would trip over them.
        raise BackupRefused("target_newer", f"{current} > {revision}")
    env = pg_environment(url)
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
          "--exit-on-error", "--no-password", f"--dbname={env['PGDATABASE']}", str(source_path)], env)
    return revision


# ------------------------------------------------------------------------- the API

def backup(url: str, out_path: str | Path, *, actor: Actor = SYSTEM) -> BackupResult:
    """Copy the whole database of ``url`` into ``out_path`` (replaced if it exists).

    Safe while the app runs. Writes ``backup.created`` to the audit log once the copy is
    complete. Raises ``Forbidden`` (not an administrator) and ``BackupRefused``.
    """
    _check_actor(actor, "backup")
    backend = _backend(url)
    out = Path(out_path).resolve()
    revision = _sqlite_backup(url, out) if backend == "sqlite" else _pg_backup(url, out)
    _audit(url, actor, "backup.created", backend=backend, revision=revision)
    return BackupResult(out, backend, revision, out.stat().st_size)


def restore(url: str, in_path: str | Path, *, actor: Actor = SYSTEM,
            safety_copy: str | Path | None = None) -> BackupResult:
    """Replace the database of ``url`` by the backup ``in_path``, then migrate it to the
    current revision. Everything written since that backup is lost: pass
    ``safety_copy`` to back up the current database there first.

    The file is checked before anything is touched (a Cercle database of a known
    revision). SQLite: the target file is overwritten page by page (created if absent).
    PostgreSQL: the target database must exist; its Cercle tables are replaced in one
    transaction. Writes ``backup.restored`` to the restored database's audit log.
    Raises ``Forbidden`` and ``BackupRefused``.
    """
    _check_actor(actor, "restore")
    backend = _backend(url)
    source = Path(in_path).resolve()
    if not source.is_file():
        raise BackupRefused("missing_file", str(source))
    if backend == "sqlite":
        check_sqlite_schema(source, inspect_sqlite_file(source))
    else:
        check_pg_dump_objects(source, inspect_pg_dump(source))
    if safety_copy is not None and _current_revision(url) is not None:
        backup(url, safety_copy, actor=actor)
    revision = _sqlite_restore(url, source) if backend == "sqlite" else _pg_restore(url, source)
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    _audit(url, actor, "backup.restored", backend=backend, revision=revision)
    return BackupResult(source, backend, revision, source.stat().st_size)
