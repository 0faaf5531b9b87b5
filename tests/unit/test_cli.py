"""The ``cercle`` command, called in-process on a temporary database."""
from __future__ import annotations

import os
from io import BytesIO

import pytest
from docx import Document

from conference import cli
from conference.domain.enums import Phase
from conference.services import accounts, conferences, documents
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork


@pytest.fixture
def url(tmp_path, monkeypatch):
    """An empty database (not even migrated) that the command finds through the environment."""
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CERCLE_DATABASE_URL", database)
    return database


@pytest.fixture
def open_uow(url):
    engines = []

    def _open() -> UnitOfWork:
        engines.append(make_engine(url))
        return UnitOfWork(session_factory(engines[-1]))

    yield _open
    for engine in engines:
        engine.dispose()


def all_conferences(uow):
    actor = accounts.local_coordinator(uow=uow)
    return actor, conferences.list_conferences(actor, open_only=False, limit=1000, uow=uow)[0]


def conference_in(uow, phase: Phase) -> int:
    return next(c.id for c in all_conferences(uow)[1] if c.phase is phase)


def audit_actions(uow, cid: int) -> list[str]:
    with uow:
        return [entry.action for entry in uow.audit.entries("conference", cid)]


def docx_text(data: bytes) -> list[str]:
    """Every paragraph and table cell of a .docx, in order (zip timestamps aside)."""
    doc = Document(BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return [p.text for p in doc.paragraphs] + cells


@pytest.fixture
def demo(url, open_uow):
    assert cli.main(["demo"]) == 0
    return open_uow()


def test_db_upgrade_then_demo_on_an_empty_database_creates_the_conferences(url, open_uow, capsys):
    assert cli.main(["db", "upgrade"]) == 0
    assert cli.main(["demo"]) == 0

    actor, found = all_conferences(open_uow())
    assert actor.name == "Camille Démo"
    assert {c.phase for c in found} >= {Phase.ORIENTATION, Phase.PREPARATION, Phase.FOLLOW_UP, Phase.CLOSED}
    out = capsys.readouterr().out
    assert "Base de données à jour" in out and f"{len(found)} conférences" in out


def test_demo_if_empty_twice_does_not_duplicate(url, open_uow, capsys):
    assert cli.main(["demo", "--if-empty"]) == 0
    first = len(all_conferences(open_uow())[1])

    assert cli.main(["demo", "--if-empty"]) == 0

    assert len(all_conferences(open_uow())[1]) == first
    assert "la démo n'a pas été chargée" in capsys.readouterr().out


def test_demo_without_if_empty_on_a_loaded_database_refuses_in_french(demo, capsys):
    capsys.readouterr()

    assert cli.main(["demo"]) == 2

    err = capsys.readouterr().err
    assert "La démo fictive est déjà dans cette base" in err and "Traceback" not in err


def test_list_prints_one_line_per_conference_with_french_step_labels(demo, capsys):
    capsys.readouterr()
    _actor, found = all_conferences(demo)

    assert cli.main(["list"]) == 0

    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(found)
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 3 for row in rows)
    assert {row[0] for row in rows} == {str(c.id) for c in found}
    steps = {row[1] for row in rows}
    assert {"Suivi", "Clôturée", "Préparation", "Réunion : temps privé"} <= steps
    assert ["Kevin Marchand (démo)"] == [row[2] for row in rows if row[1] == "Clôturée"]


@pytest.mark.parametrize("document, service, action", [
    ("plan", documents.export_action_plan, "export.action_plan"),
    ("followup", documents.export_followup_form, "export.followup_form"),
])
def test_an_export_writes_the_same_document_as_the_app_and_is_audited(demo, tmp_path, document, service, action):
    cid = conference_in(demo, Phase.FOLLOW_UP)
    out = tmp_path / f"{document}.docx"

    assert cli.main(["export", document, "--conference", str(cid), "--out", str(out)]) == 0

    written = docx_text(out.read_bytes())
    assert audit_actions(demo, cid).count(action) == 1
    actor = accounts.local_coordinator(uow=demo)
    _name, app_bytes = service(actor, cid, lang="fr", uow=demo)
    assert written == docx_text(app_bytes)
    assert any("Lina" in text for text in written)


def test_an_export_into_a_folder_uses_the_usual_file_name(demo, tmp_path):
    cid = conference_in(demo, Phase.FOLLOW_UP)

    assert cli.main(["export", "plan", "--conference", str(cid), "--out", str(tmp_path)]) == 0

    assert [p.name for p in tmp_path.glob("plan-action-*.docx")] == ["plan-action-famille-moreau-diallo-demo-v1.docx"]


@pytest.mark.parametrize("argv, expected", [
    (["export", "plan", "--conference", "9999", "--out", "x.docx"], "La conférence 9999 n'existe pas"),
    (["export", "followup", "--conference", "9999", "--out", "x.docx"], "La conférence 9999 n'existe pas"),
])
def test_an_unknown_conference_exits_2_with_a_french_message(demo, tmp_path, capsys, argv, expected):
    capsys.readouterr()

    assert cli.main(argv) == 2

    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and expected in err and "Traceback" not in err


def test_a_conference_without_an_adopted_plan_exits_2_with_a_french_message(demo, tmp_path, capsys):
    cid = conference_in(demo, Phase.PREPARATION)
    out = tmp_path / "plan.docx"
    capsys.readouterr()

    assert cli.main(["export", "plan", "--conference", str(cid), "--out", str(out)]) == 2

    assert "n'a pas encore de plan adopté" in capsys.readouterr().err
    assert not out.exists()


def test_without_a_coordinator_list_and_export_exit_2_with_a_french_message(url, capsys):
    assert cli.main(["db", "upgrade"]) == 0
    capsys.readouterr()

    assert cli.main(["list"]) == 2
    assert cli.main(["export", "plan", "--conference", "1", "--out", "x.docx"]) == 2

    err = capsys.readouterr().err
    assert err.count("Cette base n'a pas encore de coordinateur") == 2


def test_a_usage_error_exits_2_in_french(url, capsys):
    assert cli.main(["export", "plan", "--out", "x.docx"]) == 2

    err = capsys.readouterr().err
    assert "erreur : ces arguments sont obligatoires : --conference" in err


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["export", "plan", "--help"]])
def test_help_is_in_french(argv, capsys):
    assert cli.main(argv) == 0

    out = capsys.readouterr().out
    assert out.startswith("utilisation : cercle")
    assert "afficher cette aide et quitter" in out
    assert "show this help" not in out and "usage:" not in out


def test_run_on_a_server_never_loads_the_demo_and_prints_a_one_time_code_then_starts_streamlit(
        url, open_uow, monkeypatch, capsys):
    monkeypatch.delenv("CERCLE_LOCAL_MODE", raising=False)
    started = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: started.append(argv))

    assert cli.main(["run", "--port", "8537", "--address", "0.0.0.0"]) == 0

    assert accounts.is_blank(uow=open_uow())  # no demo on a server, and no account either
    (argv,) = started
    assert argv[1].endswith("scripts/serve.py") and argv[2] == "run" and argv[3].endswith("streamlit_app.py")
    assert argv[argv.index("--server.port") + 1] == "8537"
    assert argv[argv.index("--server.address") + 1] == "0.0.0.0"
    out = capsys.readouterr().out
    assert "Démo fictive chargée" not in out and "Données : SQLite" in out and "http://0.0.0.0:8537" in out
    assert "Code à usage unique" in out and "cercle user add --role admin" in out
    assert "CERCLE_LOCAL_MODE" not in os.environ  # every address: sign-in required


def test_run_on_this_computer_only_starts_in_local_mode(demo, monkeypatch, capsys):
    monkeypatch.delenv("CERCLE_LOCAL_MODE", raising=False)
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: None)

    assert cli.main(["run", "--port", "8538"]) == 0

    assert os.environ["CERCLE_LOCAL_MODE"] == "1"
    assert "Mode local" in capsys.readouterr().out


def test_run_leaves_a_database_with_data_alone(demo, monkeypatch, capsys):
    monkeypatch.setenv("CERCLE_LOCAL_MODE", "0")
    before = len(all_conferences(demo)[1])
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: None)
    capsys.readouterr()

    assert cli.main(["run"]) == 0

    assert len(all_conferences(demo)[1]) == before
    assert "Démo fictive chargée" not in capsys.readouterr().out
