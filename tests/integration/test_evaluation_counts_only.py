"""The dashboard's lean read (``load_frames(counts_only=True)``, decision 0026) against the
files' full read, SQLite and PostgreSQL: the same situations, actions and counted answer
columns, and the same dashboard, figure for figure, on several hundred fictional situations
(children's faces, refusals, withdrawn consents' absence, two territories, a period)."""
from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

from conference.evaluation.demo_data import demo_rows
from conference.evaluation.frames import COUNTED_ANSWER_COLUMNS, COUNTED_REFERRAL_COLUMNS
from conference.evaluation.indicators import indicators
from conference.services.evaluation_dashboard import build
from conference.store.db import session_factory
from conference.store.evaluation_queries import load_frames
from tests.evaluation_seed import load_rows


@pytest.fixture
def demo(engine):
    rows = demo_rows(seed=11, situations=240, answers_range=(3, 9))
    ids = load_rows(engine, rows)
    return session_factory(engine), sorted(ids.values())


SCOPES = {"both": {}, "one_with_period": {"month_from": "2025-04", "month_to": "2026-02"},
          "empty_period": {"month_from": "2030-01", "month_to": "2030-03"}}


@pytest.mark.parametrize("scope", list(SCOPES))
def test_the_lean_read_gives_the_same_frames_and_the_same_dashboard(demo, scope):
    sessions, ids = demo
    kwargs = {"territory_ids": ids if scope == "both" else ids[:1], **SCOPES[scope]}
    with sessions() as session:
        full = load_frames(session, **kwargs)
        lean = load_frames(session, counts_only=True, **kwargs)
    assert bool(len(lean.referrals) and len(lean.answers) and len(lean.actions)) == (scope != "empty_period")

    assert_frame_equal(lean.referrals, full.referrals[[*COUNTED_REFERRAL_COLUMNS, "pos"]])
    assert_frame_equal(lean.actions, full.actions)
    columns = [*COUNTED_ANSWER_COLUMNS, "territory", "field", "quarter", "evaluation_consent", "conference_pos"]
    expected = full.answers[columns].copy()
    expected.loc[expected["respondent_role"] != "child", "faces"] = None  # only the children's faces are read
    assert_frame_equal(lean.answers[columns], expected)
    if scope != "empty_period":
        assert (lean.answers["respondent_role"] == "child").any() and lean.answers["faces"].notna().any()
    assert lean.texts.empty
    assert indicators(lean) == indicators(full)
    assert build(lean, ("t",), (None, None), (), "fr") == build(full, ("t",), (None, None), (), "fr")
