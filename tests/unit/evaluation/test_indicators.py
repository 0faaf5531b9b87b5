"""The indicators match a hand computation on the small fixture, and the funnel reconciles."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from conference.domain.enums import Field, Outcome, ReferralSource
from conference.evaluation.frames import to_frames
from conference.evaluation.indicators import funnel, indicators, indicators_by, reconcile
from conference.evaluation.types import STAGES, EvaluationRows, Referral, Stage, Status

from .fixture import rows

from datetime import date


@pytest.fixture(scope="module")
def result():
    return indicators(to_frames(rows()))


def test_every_situation_is_in_exactly_one_state_of_the_funnel():
    f = funnel(to_frames(rows()))
    assert reconcile(f) == []
    assert f.total == 9
    assert f.cells[(Stage.ORIENTED, Status.NOT_COMPLETED)] == 1
    assert f.cells[(Stage.PREPARATION, Status.NOT_COMPLETED)] == 1
    assert f.cells[(Stage.PREPARATION, Status.IN_PROGRESS)] == 1
    assert f.cells[(Stage.HELD, Status.IN_PROGRESS)] == 1
    assert f.cells[(Stage.PLAN_ADOPTED, Status.COMPLETED)] == 1
    assert f.cells[(Stage.PLAN_ADOPTED, Status.SELF_ORGANISED)] == 1
    assert f.cells[(Stage.FOLLOWED_UP, Status.COMPLETED)] == 3  # the unconsenting one counts here
    assert [f.reached(s) for s in STAGES] == [9, 8, 6, 5, 3]


def test_a_situation_counted_twice_or_in_an_impossible_state_does_not_reconcile():
    doubled = rows().referrals + (rows().referrals[0],)
    assert "1 situation(s) counted twice" in reconcile(funnel(to_frames(EvaluationRows(doubled))))
    odd = (replace(rows().referrals[0], stage=Stage.ORIENTED),)  # completed without any meeting
    assert reconcile(funnel(to_frames(EvaluationRows(odd)))) == ["1 situation(s) completed at stage oriented"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STAGES), st.sampled_from([None, *Outcome])), max_size=40))
def test_any_set_of_situations_lands_once_each_in_the_funnel(states):
    referrals = tuple(Referral(f"x{n}", "T", Field.CHILDHOOD, ReferralSource.SELF, date(2026, 1, 1), stage, outcome)
                      for n, (stage, outcome) in enumerate(states))
    f = funnel(to_frames(EvaluationRows(referrals)))
    assert sum(f.cells.values()) == len(states) == f.reached(Stage.ORIENTED)
    assert not [x for x in reconcile(f) if "twice" in x or "add up" in x or "decreasing" in x]


def test_rates_match_the_hand_computation(result):
    assert result["oriented"].value == 9
    assert result["evaluated"].value == 8
    assert result["closed"].value == 6
    assert (result["plan_rate"].numerator, result["plan_rate"].denominator) == (4, 6)
    assert (result["meeting_rate"].numerator, result["meeting_rate"].denominator) == (3, 6)
    assert (result["self_organised"].numerator, result["not_completed"].numerator) == (1, 2)
    assert result["not_completed.family_declined"].value == 0.5
    assert result["not_completed.network_not_mobilised"].value == 0.5
    assert (result["actions_done_3m"].numerator, result["actions_done_3m"].denominator) == (3, 5)
    assert result["situation_resolved"].value == 1.0
    assert result["situation_resolved_completely"].value == 0.5


def test_satisfaction_matches_the_hand_computation_to_two_decimals(result):
    family = result["satisfaction.family"]
    assert family.value == 8.17  # (8 + 9 + 7 + 10 + 6 + 9) / 6 = 8.1666…; the unconsenting 0 is left out
    assert (family.n, family.median, family.conferences) == (6, 8.5, 3)
    assert family.largest_share == pytest.approx(1 / 3)
    assert dict(family.distribution)[9] == 2 and sum(c for _, c in family.distribution) == 6
    assert result["satisfaction.professional"].value == 6.5
    assert result["satisfaction.all"].value == 7.75  # (49 + 13) / 8
    assert (result["satisfaction.child"].value, result["satisfaction.child"].n) == (4.0, 1)


def test_time_spent_counts_only_evaluated_situations(result):
    assert result["hours_coordinator"].value == 14.0  # (20 + 30 + 25 + 4 + 2 + 3) / 6
    assert result["hours_referent"].value == 4.2  # (5 + 8 + 6 + 1 + 1) / 5


def test_every_indicator_carries_a_definition_and_its_n(result):
    assert all(i.definition and i.label and i.n >= 0 for i in result.values())


def test_indicators_by_field_and_quarter_split_the_same_situations():
    frames = to_frames(rows())
    by_field = indicators_by(frames, "field")
    assert by_field["enfance"]["evaluated"].value == 5
    assert by_field["insertion"]["satisfaction.family"].value == 7.5  # r3: (6 + 9) / 2
    by_quarter = indicators_by(frames, "quarter")
    assert sum(q["oriented"].value for q in by_quarter.values()) == 9
    assert by_quarter["2026-T1"]["closed"].value == 3
