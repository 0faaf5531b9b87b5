"""``cercle demo --evaluation``, ``cercle stats export`` and ``cercle stats merge``, called
in-process on a temporary database (French messages, exit status 2 on refusal)."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from conference import cli
from conference.domain.enums import Role
from conference.services import accounts, auth
from conference.store.db import make_engine, session_factory
from conference.store.evaluation_demo import PILOT_LOGIN, PILOT_PASSWORD
from conference.store.uow import UnitOfWork


@pytest.fixture
def url(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CERCLE_DATABASE_URL", database)
    monkeypatch.delenv("CERCLE_STUDY_KEY", raising=False)
    monkeypatch.delenv("CERCLE_DEPT", raising=False)
    return database


@pytest.fixture
def uow(url):
    engine = make_engine(url)
    yield UnitOfWork(session_factory(engine))
    engine.dispose()


@pytest.fixture
def loaded(url, uow, capsys):
    """The evaluation demo beside one coordinator (the local single user)."""
    assert cli.main(["db", "upgrade"]) == 0
    accounts.create_user("Coordinatrice Fictive", Role.COORDINATOR, "Association Imaginaire", uow=uow)
    assert cli.main(["demo", "--evaluation"]) == 0
    capsys.readouterr()
    return url


def test_demo_evaluation_prints_the_pilot_account_and_loads_once(url, uow, capsys):
    assert cli.main(["demo", "--evaluation"]) == 0
    out = capsys.readouterr().out
    assert "Démo fictive de l'évaluation chargée : 360 situations" in out
    assert f"« {PILOT_LOGIN} »" in out and f"« {PILOT_PASSWORD} »" in out
    assert cli.main(["demo", "--evaluation"]) == 0
    assert "déjà dans cette base" in capsys.readouterr().out
    pilot = auth.authenticate(PILOT_LOGIN, PILOT_PASSWORD, uow=uow)
    assert pilot.role is Role.PILOT


def test_into_an_empty_database_the_conference_demo_comes_first(url, uow, capsys):
    assert cli.main(["demo", "--evaluation"]) == 0
    out = capsys.readouterr().out
    assert "Démo fictive chargée" in out and "Démo fictive de l'évaluation chargée" in out
    local = accounts.local_coordinator(uow=uow)
    assert local is not None and local.local


def test_export_needs_a_coordinator_and_the_study_key(url, uow, capsys):
    assert cli.main(["db", "upgrade"]) == 0
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, "mot-de-passe-fictif-long", uow=uow)
    assert cli.main(["demo", "--evaluation"]) == 0
    capsys.readouterr()
    assert cli.main(["stats", "export", "--format", "xlsx", "--out", "x.xlsx"]) == 2
    assert "pas encore de coordinateur" in capsys.readouterr().err


def test_export_writes_every_format_with_a_progress_bar(loaded, tmp_path, monkeypatch, capsys):
    assert cli.main(["stats", "export", "--format", "xlsx", "--out", str(tmp_path)]) == 2
    assert "La clé d'étude manque : renseignez CERCLE_STUDY_KEY" in capsys.readouterr().err
    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé fictive")
    for fmt, suffix in (("xlsx", "xlsx"), ("csv", "zip"), ("note", "docx")):
        assert cli.main(["stats", "export", "--format", fmt, "--out", str(tmp_path), "--territory", "nord-fictif",
                         "--from", "2025-01", "--to", "2026-06"]) == 0
        captured = capsys.readouterr()
        assert "100 % Fichier prêt." in captured.err and "Lecture des données de l'évaluation" in captured.err
        written = tmp_path / f"{'note-annuelle' if fmt == 'note' else 'evaluation'}-2025-01_2026-06.{suffix}"
        assert f"écrit dans {written}" in captured.out and written.read_bytes().startswith(b"PK")
    frame = pd.read_excel(tmp_path / "evaluation-2025-01_2026-06.xlsx", sheet_name="Conférences")
    assert set(frame["territory"]) == {"nord-fictif"}
    assert frame["referred_month"].between("2025-01", "2026-06").all()


@pytest.mark.parametrize("argv, message", [
    (["--territory", "inconnu"], "Code de territoire inconnu : inconnu."),
    (["--from", "2026-13"], "« 2026-13 » n'est pas un mois : écrivez-le AAAA-MM"),
    (["--from", "2026-06", "--to", "2026-01"], "La période se termine avant de commencer"),
])
def test_export_refusals_are_french(loaded, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé")
    assert cli.main(["stats", "export", "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_merge_keeps_each_departement_and_refuses_mixed_codebooks(loaded, tmp_path, monkeypatch, capsys):
    for dept, territory in (("98", "nord-fictif"), ("97", "sud-fictif")):
        monkeypatch.setenv("CERCLE_DEPT", dept)
        monkeypatch.setenv("CERCLE_STUDY_KEY", f"clé {dept}")
        assert cli.main(["stats", "export", "--format", "xlsx", "--out", str(tmp_path / f"{dept}.xlsx"),
                         "--territory", territory]) == 0
    assert cli.main(["stats", "export", "--format", "xlsx", "--publication", "--out", str(tmp_path / "pub.xlsx")]) == 0
    capsys.readouterr()
    out = tmp_path / "ensemble.xlsx"
    assert cli.main(["stats", "merge", str(tmp_path / "98.xlsx"), str(tmp_path / "97.xlsx"), "--out", str(out)]) == 0
    assert "Classeur fusionné écrit dans" in capsys.readouterr().out
    merged = pd.read_excel(out, sheet_name="Conférences", dtype={"dept": str})
    assert set(merged["dept"]) == {"98", "97"} and len(merged) == 360

    assert cli.main(["stats", "merge", str(tmp_path / "98.xlsx"), str(tmp_path / "pub.xlsx"), "--out",
                     str(tmp_path / "no.xlsx")]) == 2
    assert "mode publication" in capsys.readouterr().err
    book = load_workbook(tmp_path / "97.xlsx")
    guide = book.worksheets[0]
    for row in guide.iter_rows(min_row=2):
        if row[0].value == "codebook_version":
            row[1].value = "cercle-evaluation-0.9"
    changed = io.BytesIO()
    book.save(changed)
    (tmp_path / "old.xlsx").write_bytes(changed.getvalue())
    assert cli.main(["stats", "merge", str(tmp_path / "98.xlsx"), str(tmp_path / "old.xlsx"), "--out",
                     str(tmp_path / "no.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "versions du dictionnaire" in err or "cercle-evaluation-0.9" in err
    assert not (tmp_path / "no.xlsx").exists()
