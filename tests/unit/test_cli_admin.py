"""The administration commands: accounts from the command line, purge, backup/restore."""
from __future__ import annotations

import io

import pytest

from conference import cli
from conference.domain.enums import Role
from conference.services import auth


@pytest.fixture
def url(monkeypatch, database_url, engine):
    monkeypatch.setenv("CERCLE_DATABASE_URL", database_url)
    return database_url


def test_user_add_reads_the_password_from_standard_input_and_the_account_logs_in(url, uow, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("un-mot-de-passe-fictif\n"))

    assert cli.main(["user", "add", "--role", "coordinator", "--login", "Coord.Fictive", "--name", "Coord Fictive"]) == 0

    assert auth.authenticate("coord.fictive", "un-mot-de-passe-fictif", uow=uow).role is Role.COORDINATOR
    assert "Compte coord.fictive créé" in capsys.readouterr().out


def test_user_add_refuses_a_short_password_in_french(url, uow, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))

    assert cli.main(["user", "add", "--role", "pilot", "--login", "pilote.fictif"]) == 2

    assert "au moins 12 caractères" in capsys.readouterr().err
    assert auth.list_accounts(auth.SYSTEM, uow=uow) == []


def test_user_list_and_disable(url, uow, capsys):
    auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, "un-mot-de-passe-fictif", uow=uow)

    assert cli.main(["user", "disable", "ref.fictif"]) == 0
    assert cli.main(["user", "list"]) == 0

    out = capsys.readouterr().out
    assert "ref.fictif\tProfessionnel·le référent·e\tdésactivé\tRef Fictif" in out
    assert cli.main(["user", "disable", "personne"]) == 2
    assert "Il n'y a pas de compte « personne »" in capsys.readouterr().err


def test_purge_dry_run_lists_and_changes_nothing(url, uow, capsys):
    assert cli.main(["purge", "--dry-run"]) == 0

    assert "rien n'est changé" in capsys.readouterr().out


def test_backup_then_restore_round_trip(url, uow, tmp_path, capsys):
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, "un-mot-de-passe-fictif", uow=uow)
    target = tmp_path / "sauvegarde.sqlite3"

    assert cli.main(["backup", "--out", str(target)]) == 0
    auth.set_account_active(auth.SYSTEM, "admin.fictif", False, uow=uow)
    assert cli.main(["restore", str(target)]) == 0

    assert [a["active"] for a in auth.list_accounts(auth.SYSTEM, uow=uow)] == [True]
