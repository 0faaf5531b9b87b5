"""The cercle command and the first run: the demo is the user's choice, its PIN is printed,
and a server prints a one-time code that really creates the administrator."""
from __future__ import annotations

import re

import pytest

from conference import cli
from conference.services import accounts, auth, first_run, handover_screen
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork


@pytest.fixture
def open_uow(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CERCLE_DATABASE_URL", url)
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: None)
    engines = []

    def _open() -> UnitOfWork:
        engines.append(make_engine(url))
        return UnitOfWork(session_factory(engines[-1]))

    yield _open
    for engine in engines:
        engine.dispose()


def test_run_on_this_computer_leaves_an_empty_database_empty_for_the_first_screen(open_uow, monkeypatch, capsys):
    monkeypatch.delenv("CERCLE_LOCAL_MODE", raising=False)

    assert cli.main(["run", "--port", "8539"]) == 0

    out = capsys.readouterr().out
    assert accounts.is_blank(uow=open_uow())
    assert "le premier écran propose la démonstration fictive" in out and "Code à usage unique" not in out


def test_demo_prints_the_demo_coordinators_hand_back_pin(open_uow, capsys):
    assert cli.main(["demo"]) == 0

    out = capsys.readouterr().out
    assert f"Code de reprise de la coordinatrice de démonstration (il reprend un écran confié à la famille) : " \
           f"{first_run.DEMO_PIN}" in out
    coordinator = accounts.local_coordinator(uow=open_uow())
    assert handover_screen.has_pin(coordinator.id, uow=open_uow())


def test_the_code_printed_on_a_server_creates_the_administrator_once(open_uow, monkeypatch, capsys):
    monkeypatch.delenv("CERCLE_LOCAL_MODE", raising=False)
    assert cli.main(["run", "--address", "0.0.0.0"]) == 0
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", capsys.readouterr().out).group(1)

    admin = first_run.create_first_admin(code, "admin.fictif", "Admin Fictif", "un-mot-de-passe-fictif",
                                         uow=open_uow())

    assert auth.authenticate("admin.fictif", "un-mot-de-passe-fictif", uow=open_uow()).id == admin
    assert cli.main(["run", "--address", "0.0.0.0"]) == 0
    assert "Code à usage unique" not in capsys.readouterr().out  # an administrator exists: no code any more
