"""``cercle list --meetings`` and ``cercle export minutes``: the synthesis meetings of the
demo from the command line (in-process, a SQLite file found through the environment)."""
from __future__ import annotations

import pytest

from conference import cli
from conference.services import accounts, partner_meetings

from .test_cli import docx_text, open_uow, url  # noqa: F401 (fixtures)


@pytest.fixture
def demo(url, open_uow, capsys):  # noqa: F811
    assert cli.main(["demo"]) == 0
    assert "Famille Benali-Roussel (démo)" in capsys.readouterr().out
    return open_uow()


def test_list_meetings_prints_one_line_per_meeting_starting_with_its_id(demo, capsys):
    assert cli.main(["list", "--meetings"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (line.split("\t") for line in lines)
    assert first[0].isdigit() and int(first[0]) < int(second[0])
    assert first[2:4] == ["Réunion de synthèse", "Famille Benali-Roussel (démo)"]
    assert second[2:] == ["Point régulier", "Famille Benali-Roussel (démo)", "1 en retard"]


def test_plain_list_still_lists_the_conferences(demo, capsys):
    assert cli.main(["list"]) == 0

    assert "Famille Benali-Roussel" not in capsys.readouterr().out


@pytest.mark.parametrize("audience, title", [("partners", "Compte rendu de la réunion"),
                                             ("person", "Ce que nous avons décidé ensemble")])
def test_export_minutes_writes_the_apps_document_for_the_audience(demo, capsys, tmp_path, audience, title):
    actor = accounts.local_coordinator(uow=demo)
    meeting = min(m.id for m in partner_meetings.list_meetings(actor, uow=demo))
    out = tmp_path / "cr.docx"

    assert cli.main(["export", "minutes", "--meeting", str(meeting), "--audience", audience, "--out", str(out)]) == 0

    text = docx_text(out.read_bytes())
    assert text[0] == title
    assert not any("cousin" in t for t in text), "the item the person objected to is in no minutes"
    assert str(out) in capsys.readouterr().out
    assert out.read_bytes() == partner_meetings.export_minutes(actor, meeting, audience, uow=demo)[1]


def test_export_minutes_into_a_folder_uses_the_usual_name(demo, tmp_path):
    actor = accounts.local_coordinator(uow=demo)
    meeting = min(m.id for m in partner_meetings.list_meetings(actor, uow=demo))

    assert cli.main(["export", "minutes", "--meeting", str(meeting), "--audience", "person", "--out",
                     str(tmp_path)]) == 0

    assert [p.name for p in tmp_path.glob("compte-rendu-personne-*.docx")]


def test_an_unknown_meeting_is_refused_in_french(demo, capsys, tmp_path):
    assert cli.main(["export", "minutes", "--meeting", "999", "--out", str(tmp_path / "x.docx")]) == 2

    assert "La réunion 999 n'existe pas" in capsys.readouterr().err.replace("\u2019", "'")
    assert not (tmp_path / "x.docx").exists()


def test_an_unknown_audience_is_refused_by_the_parser(demo, tmp_path):
    code = cli.main(["export", "minutes", "--meeting", "1", "--audience", "everyone", "--out", str(tmp_path)])

    assert code not in (0, None)
    assert not list(tmp_path.glob("*.docx"))
