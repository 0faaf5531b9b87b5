"""The evaluation's files from a real database (issue 9): the privacy test.

A database holds the evaluation demo plus hostile rows: a conference walked through the
real services (the Moreau-Diallo scenario: names, phones, e-mails, exact dates) that
agreed to the evaluation, with an answer whose author did not agree to be quoted and one
who did (internal use only); and a family that refused the evaluation, whose answer's text
must never leave. Every format, every sheet, cell, CSV, project.qde and .docx text is
scanned: no name, contact detail, exact date or non-consented text; every count from 1
to 5 is "c", and no hidden cell is the only one of its row or column beside a published
total. The workbooks reopen with openpyxl, pandas and LibreOffice; the CSV with ``;``, BOM
and accents; the .qdpx validates against the REFI-QDA schema. Refusals: no study key, a
pilot asking for a territory not given to them.
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import select, update

from conference.domain.enums import ConsentKind, Phase, Role
from conference.domain.errors import Forbidden
from conference.evaluation.errors import StudyKeyMissing
from conference.security.rules import Actor
from conference.services import evaluation_files
from conference.store import models as r
from conference.store.evaluation_demo import TERRITORY_CODES, load_evaluation_demo
from conference.store.evaluation_queries import load_frames
from exports.evaluation_note import quotes

from ..conftest import require_tool
from ..factories import make_conference

SCHEMA = Path(__file__).parents[1] / "fixtures" / "refi-qda" / "Project-mrt2019.xsd"
NOT_QUOTABLE = "Je ne veux pas être cité, Sophie Moreau m'a aidée"
NO_FAMILY_CONSENT = "Notre famille a refusé l'évaluation, Lucien Caron"
INTERNAL_ONLY = "Texte cité en interne seulement, jamais publié"
PUBLISHABLE = "Une parole publiable, sans nom, de la famille évaluée"
QDE = "{urn:QDA-XML:project:1.0}"


def _text_of(data: bytes) -> str:
    """Every member of a zip (xlsx, ods, docx, qdpx, csv zip) as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def _load(uow, coordinator):
    """Demo + hostile rows; returns (forbidden strings, territory ids by code)."""
    with uow:
        load_evaluation_demo(uow.session, pilot_password_hash="not-a-real-hash", today=pd.Timestamp("2026-11-23").date())
        uow.commit()
    hostile = make_conference(uow, coordinator, Phase.FOLLOW_UP)
    refusing = make_conference(uow, coordinator, Phase.FOLLOW_UP)
    with uow:
        s = uow.session
        ids = {code: ident for code, ident in s.execute(select(r.TerritoryRow.code, r.TerritoryRow.id))}
        north = ids[TERRITORY_CODES[0]]
        s.execute(update(r.ConferenceRow).where(r.ConferenceRow.id.in_([hostile, refusing]))
                  .values(territory_id=north))
        # contact details on the hostile conference (the scenario has none)
        s.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == hostile)
                  .values(referent_phone="05 49 00 11 22", coordinator_contact="coordination@exemple-fictif.fr"))
        for n, person in enumerate(s.scalars(select(r.ParticipantRow).where(r.ParticipantRow.conference_id == hostile))):
            person.phone, person.email = f"06 12 34 56 {n:02d}", f"personne{n}@exemple-fictif.fr"
        s.flush()
        for cid, given in ((hostile, True), (refusing, False)):
            s.add(r.ConsentRow(conference_id=cid, kind=ConsentKind.EVALUATION.value, given=given,
                               recorded_by="Coordinatrice Fictive"))
        definition = s.scalar(select(r.QuestionnaireDefinitionRow.id)
                              .where(r.QuestionnaireDefinitionRow.questionnaire == "end_of_conference"))
        for cid, consent, text in ((hostile, "none", NOT_QUOTABLE), (hostile, "internal", INTERNAL_ONLY),
                                   (hostile, "publication", PUBLISHABLE), (refusing, "publication", NO_FAMILY_CONSENT)):
            response = r.QuestionnaireResponseRow(conference_id=cid, definition_id=definition,
                                                  questionnaire="end_of_conference", questionnaire_version=1,
                                                  role="family", channel="shared_screen", score=9,
                                                  items={"felt_heard": 5}, quote_consent=consent)
            s.add(response)
            s.flush()
            s.add(r.QuestionnaireTextRow(response_id=response.id, question="what_changed", text=text))
        forbidden = {NOT_QUOTABLE, NO_FAMILY_CONSENT, "Lucien Caron"}
        for conf in s.scalars(select(r.ConferenceRow).where(r.ConferenceRow.id.in_([hostile, refusing]))):
            forbidden |= {conf.title, conf.referent_name, conf.referent_phone, conf.meeting_place,
                          conf.coordinator_contact}
            for day in (conf.meeting_date, conf.review_date, conf.created_at.date()):
                if day is not None:
                    forbidden |= {day.isoformat(), day.strftime("%d/%m/%Y")}
        for person in s.scalars(select(r.ParticipantRow).where(r.ParticipantRow.conference_id == hostile)):
            forbidden |= {person.name, person.phone, person.email}
        uow.commit()
    forbidden = {f for f in forbidden if f and len(f) > 3}
    assert {"06 12 34 56 00", "personne0@exemple-fictif.fr", "05 49 00 11 22"} <= forbidden
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", f) for f in forbidden)
    return forbidden, ids


def _local(coordinator) -> Actor:
    return Actor(id=coordinator.id, role=Role.COORDINATOR, name=coordinator.name, local=True)


def _hidden_alone(rows: list[list]) -> list:
    """Cells "c" that are the only hidden one of their row (beside a published total in the
    last column) or of their column (beside a published total row): recomputable."""
    found = []
    if not rows:
        return found
    for row in rows:
        cells = row[1:]
        if cells and not isinstance(cells[-1], str) and sum(1 for c in cells[:-1] if c == "c") == 1:
            found.append(("row", row[0]))
    total = rows[-1]
    for j in range(1, len(total)):
        column = [row[j] for row in rows[:-1] if j < len(row)]
        if not isinstance(total[j], str) and sum(1 for c in column if c == "c") == 1:
            found.append(("column", j))
    return found


def test_no_file_leaks_and_every_small_count_is_masked(uow, coordinator, monkeypatch, tmp_path):
    forbidden, _ids = _load(uow, coordinator)
    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé fictive du département")
    actor = _local(coordinator)
    seen = []
    files = {fmt: evaluation_files.export(actor, fmt, progress=lambda f, label: seen.append(f), uow=uow)
             for fmt in evaluation_files.FORMATS}
    files["publication"] = evaluation_files.export(actor, "xlsx", publication=True, uow=uow)
    steps = len(seen) // len(evaluation_files.FORMATS)
    assert steps >= 3 and seen[:steps] == sorted(seen[:steps]) and seen[steps - 1] == 1.0

    for kind, data in files.items():
        text = _text_of(data)
        leaked = [f for f in forbidden if f in text]
        assert not leaked, f"{kind} leaks {leaked}"
        # no exact date at all: only YYYY-MM (or quarters) in the data
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\b\d\d/\d\d/20\d\d\b", text), kind
    # the quotable texts: internal use in the evaluators' files, publication in the note
    assert INTERNAL_ONLY in _text_of(files["xlsx"]) and INTERNAL_ONLY not in _text_of(files["note"])
    with uow:
        frames = load_frames(uow.session, territory_ids=None)
    quoted = [text for text, _role in quotes(frames, limit=10_000)]
    assert PUBLISHABLE in quoted and not {INTERNAL_ONLY, NOT_QUOTABLE, NO_FAMILY_CONSENT} & set(quoted)

    book = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    tables = [title for title in book.sheetnames if re.match(r"^T\d+ ", title)]
    assert tables
    for title in tables:
        rows = [list(row) for row in book[title].iter_rows(min_row=2, values_only=True)]
        header = [c for c in next(book[title].iter_rows(max_row=1, values_only=True))]
        counts = [c for row in rows for c, h in zip(row, header)
                  if isinstance(c, int) and not isinstance(c, bool) and str(h) not in ("n", "Moyenne", "Médiane")]
        assert not [c for c in counts if 1 <= c <= 5], title
        if "Total" in header:
            assert not _hidden_alone(rows), title
    publication = load_workbook(io.BytesIO(files["publication"]), read_only=True)
    assert "Conférences" not in publication.sheetnames and "Conférences" in book.sheetnames
    # pandas reads both workbooks
    assert len(pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name="Conférences")) >= 360
    assert len(pd.read_excel(io.BytesIO(files["ods"]), sheet_name="Conférences", engine="odf")) >= 360

    with zipfile.ZipFile(io.BytesIO(files["csv"])) as archive:
        first = archive.read(archive.namelist()[0])
        assert first.startswith("\ufeff".encode("utf-8"))
        conferences = [n for n in archive.namelist() if "onf" in n][0]
        frame = pd.read_csv(io.BytesIO(archive.read(conferences)), sep=";", encoding="utf-8-sig")
        assert "study_id" in frame.columns and len(frame) >= 360
        assert "é" in first.decode("utf-8-sig")

    with zipfile.ZipFile(io.BytesIO(files["qdpx"])) as archive:
        project = etree.fromstring(archive.read("project.qde"))
        names = set(archive.namelist())
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(project)
    codes = {c.get("guid") for c in project.iter(f"{QDE}Code")}
    sources = list(project.iter(f"{QDE}TextSource"))
    assert codes and sources
    for ref in project.iter(f"{QDE}CodeRef"):
        assert ref.get("targetGUID") in codes
    for source in sources:
        assert f"sources/{source.get('guid')}.txt" in names

    note = files["note"]
    with zipfile.ZipFile(io.BytesIO(note)) as archive:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())

    with uow:
        entries = uow.audit.entries("territory")
        assert [e.details["format"] for e in entries if e.action == "evaluation.exported"][:5] == \
            list(evaluation_files.FORMATS)
        assert all(set(e.details) <= {"format", "territories", "month_from", "month_to", "publication"}
                   for e in entries)


@pytest.mark.soffice
def test_libreoffice_opens_the_workbooks_and_the_note(uow, coordinator, monkeypatch, tmp_path):
    soffice = require_tool("libreoffice")
    _load(uow, coordinator)
    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé")
    actor = _local(coordinator)
    for fmt, target in (("ods", "xlsx"), ("xlsx", "ods"), ("note", "pdf")):
        (tmp_path / fmt).mkdir()
        source = tmp_path / fmt / evaluation_files.file_name(fmt)
        source.write_bytes(evaluation_files.export(actor, fmt, month_from="2026-01", uow=uow))
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                        target, "--outdir", str(tmp_path / fmt), str(source)], check=True, capture_output=True,
                       timeout=240)
        converted = source.with_suffix("." + target)
        assert converted.exists() and converted.stat().st_size > 1000
    # what LibreOffice wrote reads back: the ODS as XLSX, the XLSX as ODS
    assert "Conférences" in load_workbook(tmp_path / "ods" / "evaluation.xlsx", read_only=True).sheetnames
    assert len(pd.read_excel(tmp_path / "xlsx" / "evaluation.ods", sheet_name="Conférences", engine="odf")) > 100


def test_refusals_write_nothing(uow, coordinator, monkeypatch):
    _load(uow, coordinator)
    actor = _local(coordinator)
    monkeypatch.delenv("CERCLE_STUDY_KEY", raising=False)
    with pytest.raises(StudyKeyMissing) as refused:
        evaluation_files.export(actor, "xlsx", uow=uow)
    assert "CERCLE_STUDY_KEY" in evaluation_files.refusal_text(refused.value)
    assert "clé d'étude" in evaluation_files.refusal_text(refused.value)
    # a publication file needs no key; a .qdpx always does
    assert evaluation_files.export(actor, "csv", publication=True, uow=uow).startswith(b"PK")
    with pytest.raises(StudyKeyMissing):
        evaluation_files.export(actor, "qdpx", uow=uow)

    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé")
    with uow:
        s = uow.session
        north, south = (s.scalar(select(r.TerritoryRow.id).where(r.TerritoryRow.code == c)) for c in TERRITORY_CODES)
        pilot = r.User(login="pilote.nord", display_name="Pilote Nord (fictive)", role=Role.PILOT.value)
        s.add(pilot)
        s.flush()
        s.add(r.UserTerritoryRow(user_id=pilot.id, territory_id=north))
        uow.commit()
        pilot_actor = Actor(id=pilot.id, role=Role.PILOT, name="Pilote Nord (fictive)")
    with uow:
        before = len(uow.audit.entries("territory"))
    with pytest.raises(Forbidden):
        evaluation_files.export(pilot_actor, "xlsx", territory_ids={south}, uow=uow)
    with pytest.raises(Forbidden):
        evaluation_files.export(pilot_actor, "xlsx", territory_ids={north, south}, uow=uow)
    not_local = Actor(id=coordinator.id, role=Role.COORDINATOR, name=coordinator.name)
    with pytest.raises(Forbidden):
        evaluation_files.export(not_local, "xlsx", uow=uow)
    with uow:
        assert len(uow.audit.entries("territory")) == before
    assert "territoires" in evaluation_files.refusal_text(Forbidden("evaluation.export"))
    # the pilot reads its own territory, and only it: every row of the file is from the north
    data = evaluation_files.export(pilot_actor, "xlsx", uow=uow)
    frame = pd.read_excel(io.BytesIO(data), sheet_name="Conférences")
    assert set(frame["territory"]) == {TERRITORY_CODES[0]}
    assert [t.code for t in evaluation_files.territories(pilot_actor, uow=uow)] == [TERRITORY_CODES[0]]


def test_the_demo_is_loaded_once_and_dated_up_to_today(uow):
    with uow:
        first = load_evaluation_demo(uow.session, pilot_password_hash="x", today=pd.Timestamp("2026-11-23").date())
        uow.commit()
    with uow:
        assert load_evaluation_demo(uow.session, pilot_password_hash="x",
                                    today=pd.Timestamp("2026-11-23").date()) is None
        s = uow.session
        assert first.conferences == 360 and first.answers > 500
        latest = s.scalar(select(r.ConferenceRow.created_at).order_by(r.ConferenceRow.created_at.desc()).limit(1))
        assert latest.date() <= pd.Timestamp("2026-11-23").date()
        pilot = s.scalar(select(r.User).where(r.User.login == "pilote.demo"))
        assert pilot.role == Role.PILOT.value
        assert len(s.scalars(select(r.UserTerritoryRow).where(r.UserTerritoryRow.user_id == pilot.id)).all()) == 2
        consents = s.scalars(select(r.ConsentRow.given).where(r.ConsentRow.kind == ConsentKind.EVALUATION.value)).all()
        assert 0.7 < sum(consents) / len(consents) < 0.95
        assert s.scalar(select(r.TerritoryIndicatorRow.name)) is not None
