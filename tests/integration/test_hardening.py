"""Nothing leaks through errors or the disk (#8): concurrent edits end as French-able
domain errors, never as a raw SQLAlchemy error; database files are private from birth."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from conference.domain.errors import DomainError, StaleWrite, StorageError
from conference.services import preparation
from conference.store import models as r
from conference.store.db import session_factory
from conference.store.uow import UnitOfWork, storage_error

from ..factories import make_conference

EDITS = 300
WORKERS = 12


def test_300_concurrent_edits_end_saved_or_as_a_domain_error(engine, coordinator, database_url):
    """Each edit reads the version its screen shows, then saves: racing edits must be refused
    as StaleWrite (or StorageError when the database stays busy), whichever of flush or
    commit notices it; before, 32 of 300 escaped as StaleDataError through ``flush()``."""
    cid = make_conference(UnitOfWork(session_factory(engine)), coordinator)
    factory = session_factory(engine)
    start = threading.Barrier(WORKERS)
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
