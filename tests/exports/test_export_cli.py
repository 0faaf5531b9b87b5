"""``cercle export followup --blank/--filled``: the two forms of the follow-up sheet from
the command line, the same bytes as the app's download (demo database, in-process)."""
from __future__ import annotations

import pytest

from conference import cli
from conference.domain.enums import ActionFollowUp, Phase
from conference.services import accounts, documents, followup

from ..unit.test_cli import all_conferences, conference_in, docx_text, open_uow, url  # noqa: F401 (fixtures)


@pytest.fixture
def demo(url, open_uow):  # noqa: F811
    assert cli.main(["demo"]) == 0
    return open_uow()


@pytest.mark.parametrize("flag, filled", [("--blank", False), ("--filled", True)])
def test_the_follow_up_form_is_written_blank_or_filled_as_asked(demo, tmp_path, flag, filled):
    cid = conference_in(demo, Phase.FOLLOW_UP)
    actor = accounts.local_coordinator(uow=demo)
    followup.record_action_review(actor, cid, "A1", ActionFollowUp.DONE, "Fait comme prévu.", uow=demo)
    out = tmp_path / "suivi.docx"

    assert cli.main(["export", "followup", "--conference", str(cid), "--out", str(out), flag]) == 0

    written = out.read_bytes()
    assert written == documents.export_followup_form(actor, cid, filled=filled, uow=demo)[1]
    assert ("☒" in "\n".join(docx_text(written))) is filled


def test_blank_and_filled_cannot_be_asked_together(demo, tmp_path, capsys):
    cid = conference_in(demo, Phase.FOLLOW_UP)

    try:
        code = cli.main(["export", "followup", "--conference", str(cid), "--out", str(tmp_path), "--blank", "--filled"])
    except SystemExit as stop:
        code = stop.code
    assert code not in (0, None)
    assert not list(tmp_path.glob("*.docx"))
