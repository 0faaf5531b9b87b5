"""AppTest: a database error never reaches the screen as a traceback or SQL (#8).

The app's own config hides error details (``client.showErrorDetails = "none"``), but the
real protection is earlier: every database error is converted to a French sentence with
a reference, and the full error goes to the server's log under that reference.
"""
from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import contextmanager

import pytest
import tomllib
from sqlalchemy.engine import make_url

from conference.services import conferences
from conference.store import db

from .conftest import APP, everything, texts

PAGE = "pages/orientation.py"
LEAKS = re.compile(r"Traceback|OperationalError|sqlalchemy|sqlite3|UPDATE |INSERT |SELECT |\[SQL|"
                   r"conference_id|parameters:", re.IGNORECASE)


@contextmanager
def server_log():
    """The records of Cercle's own logger (it does not propagate to pytest's caplog)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("cercle")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def test_the_app_config_hides_error_details():
    from pathlib import Path

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    # "false" would still show the stack trace (Streamlit's legacy value): only "none" hides all.
    assert config["client"]["showErrorDetails"] == "none"


def test_a_held_sqlite_lock_shows_a_french_message_with_a_reference_and_no_sql(
        make_app, coordinator, uow, database_url, monkeypatch, sqlite_only):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # the app's connections give up quickly
    cid = conferences.create_conference(coordinator, "Famille Imaginaire-Verrou", uow=uow)
    at = make_app(PAGE, conference_id=cid)
    at.text_area(key="orientation_situation").input("Lina, 8 ans, seule le soir ; Mamie Odile aide.")
    # Another program (a backup, a second Cercle) holds the write lock past the wait.
    holder = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with server_log() as records:
            at.button(key="orientation_save").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert not at.exception
    shown = texts(at)
    assert "La base est occupée, réessayez." in shown
    reference = re.search(r"référence : ([A-Z0-9]{8})", shown).group(1)
    assert not LEAKS.search(everything(at)), everything(at)
    assert "Mamie Odile" not in " ".join(e.value for e in at.error)
    # The server's log has the whole error under the same reference.
    logged = [r for r in records if reference in r.getMessage()]
    assert logged and logged[0].exc_info and "locked" in str(logged[0].exc_info[1])
