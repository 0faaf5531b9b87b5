"""The engine: one per database URL and process, SQLite tuned for a small team.

``CERCLE_DATABASE_URL`` selects the database; by default a SQLite file in ``data/``
beside the project (or ``CERCLE_DATA_DIR``). SQLite runs in WAL mode with foreign keys
on and a busy timeout, so the app and the ``cercle`` command can work side by side.

The file holds family data, so it is private from birth: a folder Cercle creates for it
is 0700, the database file is created 0600 before SQLite opens it (SQLite gives its
``-wal``, ``-shm`` and ``-journal`` files the database file's mode) and set back to 0600
on every connection. A folder Cercle did not create is never changed: ``folder_warnings``
says when it is open to other accounts, and ``cercle`` prints that.
"""
from __future__ import annotations

import os
import stat
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


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for another backend or an in-memory base."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None  # a URI filename: the caller chose its own options
    return Path(parsed.database).expanduser().resolve()


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by this account only; an existing
    folder is left exactly as it is."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(path, PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    return folder


def folder_warnings(url: str) -> list[Path]:
    """Folders holding the database file that other accounts can read or enter (group or
    other permission bits set), for a warning; empty for other backends."""
    path = sqlite_path(url)
    if path is None or not path.parent.exists():
        return []
    mode = path.parent.stat().st_mode
    return [path.parent] if mode & (stat.S_IRWXG | stat.S_IRWXO) else []


def _make_private(path: Path) -> None:
    """The database file and its companions, 0600 (they are ours: Cercle writes them)."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != PRIVATE_FILE:
                os.chmod(candidate, PRIVATE_FILE)
        except FileNotFoundError:
            continue


def create_private_file(path: Path) -> None:
    """Create the empty database file 0600 before SQLite opens it with the umask's mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    path = sqlite_path(url)
    if path is not None:
        private_folder(path.parent)
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if path is not None:
            event.listen(engine, "do_connect", lambda *_: create_private_file(path))
            event.listen(engine, "connect", lambda *_: _make_private(path))
    return engine


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL and process (the app also caches it with st.cache_resource)."""
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
