"""Nothing leaks through errors or the disk (#8): concurrent edits end as French-able
domain errors, never as a raw SQLAlchemy error; database files are private from birth."""
from __future__ import annotations

import os
import sqlite3
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from conference import cli
from conference.domain.errors import DomainError, StaleWrite, StorageError
from conference.services import preparation
from conference.store import models as r
from conference.store import db
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork, storage_error

from ..factories import make_conference

ROOT = Path(__file__).resolve().parents[2]
EDITS = 300
WORKERS = 12


def test_300_concurrent_edits_end_saved_or_as_a_domain_error(engine, coordinator, database_url):
    """Each edit reads the version its screen shows, then saves: racing edits must be refused
    as StaleWrite (or StorageError when the database stays busy), whichever of flush or
    commit notices it; before, 32 of 300 escaped as StaleDataError through ``flush()``."""
    cid = make_conference(UnitOfWork(session_factory(engine)), coordinator)
    factory = session_factory(engine)
    start = threading.Barrier(WORKERS)
    refusals: list[DomainError] = []
    with factory() as session:
        before = session.scalar(select(r.ConferenceRow.version).where(r.ConferenceRow.id == cid))

    def edit(n: int):
        if n < WORKERS:
            start.wait()  # the first wave starts together
        with factory() as session:
            seen = session.scalar(select(r.ConferenceRow.version).where(r.ConferenceRow.id == cid))
        try:
            preparation.save_concerns(coordinator, cid, f"Inquiétude n° {n} (Mamie Odile)", seen,
                                      uow=UnitOfWork(factory))
            return "saved"
        except DomainError as error:
            refusals.append(error)
            return type(error).__name__
        except Exception as error:  # what used to reach the screen
            return f"LEAK {type(error).__name__}"

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(edit, range(EDITS)))

    leaks = [o for o in outcomes if o.startswith("LEAK")]
    assert not leaks, f"{len(leaks)} of {EDITS} edits escaped as raw errors: {sorted(set(leaks))}"
    assert set(outcomes) <= {"saved", "StaleWrite", "StorageError"}
    assert outcomes.count("StaleWrite") > 0, "the race was not exercised"
    with factory() as session:
        version = session.scalar(select(r.ConferenceRow.version).where(r.ConferenceRow.id == cid))
    # Every refused edit changed nothing: the version moved once per saved edit only.
    assert version == before + outcomes.count("saved")
    # What the screen says for each refusal: French, no SQL, no exception name.
    shown = {_page_message(error) for error in refusals}
    assert shown and all(("Rechargez" in text or "réessayez" in text) and "UPDATE" not in text
                         and "Error" not in text for text in shown), shown


def test_a_stale_data_error_raised_by_an_explicit_flush_becomes_stale_write(engine, coordinator):
    cid = make_conference(UnitOfWork(session_factory(engine)), coordinator)
    uow = UnitOfWork(session_factory(engine))

    with pytest.raises(StaleWrite) as caught:
        with uow:
            uow.conferences.get(cid)
            raise StaleDataError("UPDATE statement on table 'conferences' expected to update 1 row(s); 0 were matched.")

    assert isinstance(caught.value.__cause__, StaleDataError)


def test_storage_error_keeps_sql_and_values_out_of_its_message():
    from sqlalchemy.exc import OperationalError

    raw = OperationalError("UPDATE conferences SET situation=? WHERE id=?", ("Mamie Odile", 1),
                           Exception("database is locked"))
    converted = storage_error(raw)

    assert isinstance(converted, StorageError) and converted.reason == "busy"
    assert "Mamie Odile" not in str(converted) and "UPDATE" not in str(converted)
    assert len(converted.reference) == 8


# ------------------------------------------------------------------ files on the disk

def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The usual umask of a desktop session (022): files would be born 0644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_data_folder_cercle_creates_is_0700_and_the_database_and_its_wal_files_0600(tmp_path, open_umask):
    url = f"sqlite:///{tmp_path / 'nouveau' / 'donnees' / 'cercle.sqlite3'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as connection:  # held open: the -wal and -shm files exist
            connection.execute(text("CREATE TABLE IF NOT EXISTS scratch (x)"))
            connection.execute(text("INSERT INTO scratch VALUES (1)"))
            connection.commit()
            database = tmp_path / "nouveau" / "donnees" / "cercle.sqlite3"
            companions = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
            assert all(p.exists() for p in companions)
            assert {p.name: _mode(p) for p in (database, *companions)} == {
                p.name: 0o600 for p in (database, *companions)}
    finally:
        engine.dispose()
    assert _mode(tmp_path / "nouveau") == 0o700 and _mode(tmp_path / "nouveau" / "donnees") == 0o700


def test_the_database_file_is_born_0600_before_any_chmod(tmp_path, open_umask, monkeypatch):
    """Not 0644 for an instant: the file is created private, SQLite copies its mode."""
    monkeypatch.setattr(db, "_make_private", lambda path: None)  # only the creation is left
    database = tmp_path / "cercle.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE scratch (x)"))
            connection.commit()
            assert _mode(database) == 0o600 and _mode(f"{database}-wal") == 0o600
    finally:
        engine.dispose()


def test_a_folder_cercle_did_not_create_is_left_alone_and_cercle_warns(tmp_path, open_umask, monkeypatch, capsys):
    shared = tmp_path / "partage"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    url = f"sqlite:///{shared / 'cercle.sqlite3'}"
    monkeypatch.setenv("CERCLE_DATABASE_URL", url)

    assert cli.main(["db", "upgrade"]) == 0

    assert _mode(shared) == 0o755  # never changed
    assert _mode(shared / "cercle.sqlite3") == 0o600
    err = capsys.readouterr().err
    assert "peut être lu par les autres comptes" in err and str(shared) in err


def test_an_existing_wider_database_file_is_made_private_on_connect(tmp_path, open_umask):
    database = tmp_path / "ancienne.sqlite3"
    sqlite3.connect(database).close()
    os.chmod(database, 0o644)
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
    assert _mode(database) == 0o600


# ------------------------------------------------------------------ passwords and lock-out

@pytest.mark.parametrize("password", [" " * 12, "a" * 12, "Azerty123456!"])
def test_an_account_with_a_weak_password_is_refused_and_not_created(uow, password):
    from conference.domain.enums import Role
    from conference.domain.errors import WeakPassword
    from conference.services import auth

    with pytest.raises(WeakPassword):
        auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, password, uow=uow)

    with uow:
        assert uow.session.scalar(select(r.User).where(r.User.login == "admin.fictif")) is None


def test_the_lock_out_reads_the_same_for_a_real_and_an_unknown_login_in_paris_time(uow):
    from datetime import datetime

    from conference.domain.enums import Role
    from conference.domain.errors import LoginRefused
    from conference.i18n import translator
    from conference.services import auth

    auth.create_account(auth.SYSTEM, "odile.fictive", "Odile Fictive", Role.COORDINATOR, "un-mot-de-passe-fictif",
                        uow=uow)
    now = datetime(2026, 11, 23, 13, 50)  # UTC: 14 h 50 in Paris, locked until 15 h 05
    messages = {}
    for login in ("odile.fictive", "personne.inconnue"):
        for _ in range(auth.MAX_FAILURES):
            with pytest.raises(LoginRefused):
                auth.authenticate(login, "mauvais-mot-de-passe", uow=uow, now=now)
        with pytest.raises(LoginRefused) as refused:
            auth.authenticate(login, "mauvais-mot-de-passe", uow=uow, now=now)
        assert refused.value.reason == "locked"
        messages[login] = _locked_message(refused.value)

    assert messages["odile.fictive"] == messages["personne.inconnue"]
    assert "15 h 05 (heure de Paris)" in messages["odile.fictive"]
    assert "compte" not in messages["odile.fictive"]


def _page_message(error) -> str:
    return _locked_message(error)


def _locked_message(error) -> str:
    """The page's sentence (pages/ui.py ``message``) without a Streamlit session."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        ui = importlib.import_module("pages.ui")
    finally:
        sys.path.remove(str(ROOT))
    return ui.message(error)


# ------------------------------------------------------------ no English inside French

ENGLISH = ("nesting too deep", "Expecting", "expected", "delimiter", "Opening and ending tag", "line ", "column ",
           "Exceeds the limit", "Premature end")


@pytest.mark.parametrize("fmt, data", [
    ("json", b"[" * 100_000),  # nesting too deep
    ("json", b'{"schema": "cercle.network/1",\n "members": ['),
    ("json", b'{"a": 1' + b"1" * 5000 + b"}"),
    ("graphml", b"<graphml><graph><node id='p1'></graph>"),
    ("csv", b'name;relation\n"Mamie" M;family\n'),
])
def test_import_errors_are_french_without_english_fragments(fmt, data):
    from conference.network import exchange

    with pytest.raises(exchange.NetworkImportInvalid) as refused:
        exchange.parse(fmt, data)

    texts = [exchange.problem_text(problem, "fr") for problem in refused.value.problems]
    assert texts and not [t for t in texts if any(word in t for word in ENGLISH)], texts


def test_cercle_run_starts_the_server_through_serve_py_without_error_details(tmp_path, monkeypatch):
    monkeypatch.setenv("CERCLE_DATABASE_URL", f"sqlite:///{tmp_path / 'cercle.sqlite3'}")
    monkeypatch.delenv("CERCLE_LOCAL_MODE", raising=False)
    started = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: started.append(argv))

    assert cli.main(["run", "--port", "8538", "--address", "0.0.0.0"]) == 0

    (argv,) = started
    assert argv[1].endswith("scripts/serve.py")
    assert argv[argv.index("--client.showErrorDetails") + 1] == "none"
