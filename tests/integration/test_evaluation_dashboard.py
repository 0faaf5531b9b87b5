"""The pilot dashboard over the database (issue 9), SQLite and PostgreSQL.

A small hand-built territory: twenty situations whose figures are computed by hand below
(the funnel, rates, the satisfaction mean to two decimals, hours, actions at three
months, a territory's own indicator), plus a situation of another territory and one
outside the period that must not count. Non-consenting conferences count in the funnel
only; small counts are hidden, also by difference; nothing personal reaches the result.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from conference.domain.enums import Outcome, Phase, Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation.indicators import funnel, indicators, reconcile
from conference.evaluation.masking import MASK
from conference.evaluation.types import Stage, Status
from conference.security.rules import Actor
from conference.services import accounts
from conference.services.evaluation_dashboard import dashboard, territories_for
from conference.store import models as r
from conference.store import models_evaluation as e
from conference.store.evaluation_queries import load_frames
from tests.evaluation_seed import FAMILY_NAME, SECRET_TEXT, Situation, seed_situation, territory

PA, SO, NC = Outcome.PLAN_ADOPTED, Outcome.FAMILY_SELF_ORGANISED, Outcome.NOT_COMPLETED


def _situations(a: int, b: int, indicator: int) -> dict[str, Situation]:
    d = date(2026, 3, 2)
    s = {
        "s1": Situation(a, d, outcome=PA, plan=True, resolution="completely", hours=(10, 4),
                        actions=("done", "done", "partly"), answers=(("family", 9), ("network", 8)), faces=(4,),
                        indicator=(indicator, 2)),
        "s2": Situation(a, date(2026, 3, 15), outcome=PA, plan=True, resolution="partly", hours=(12, 3),
                        actions=("done", "not_done"), answers=(("family", 7), ("professional", 6)),
                        indicator=(indicator, 3)),
        "s3": Situation(a, date(2026, 3, 31), outcome=PA, plan=True, resolution="not", hours=(8, 2),
                        actions=("done",), answers=(("family", 10), ("network", 9)), indicator=(indicator, 1)),
        "s4": Situation(a, date(2026, 4, 1), outcome=PA, plan=True, hours=(14, 5),
                        answers=(("family", 8), ("network", 10)), indicator=(indicator, 4)),
        "s5": Situation(a, date(2026, 4, 2), outcome=SO, hours=(7.5, None), indicator=(indicator, 2)),
        "s6": Situation(a, date(2026, 4, 3), outcome=NC, reason="family_declined", indicator=(indicator, 3)),
        "s7": Situation(a, date(2026, 4, 4), outcome=NC, reason="network_not_mobilised"),
        "s8": Situation(a, date(2026, 4, 5), outcome=NC, reason="family_declined", meeting=date(2026, 4, 20)),
        "s9": Situation(a, date(2026, 4, 6), phase=Phase.PREPARATION),
        "s10": Situation(a, date(2026, 4, 7), phase=Phase.FOLLOW_UP, plan=True,
                         answers=(("family", 6), ("network", 7))),
        "s11": Situation(a, date(2026, 4, 8), phase=Phase.ORIENTATION),
        "s12": Situation(a, date(2026, 4, 9), phase=Phase.VALIDATION, answers=(("professional", 4),)),
        # the family did not agree (s13, s14) or was never asked (s15): the funnel only
        "s13": Situation(a, date(2026, 4, 10), outcome=PA, plan=True, resolution="completely", consent=False,
                         actions=("done", "done"), answers=(("family", 2),), text=SECRET_TEXT, hours=(40, 40),
                         indicator=(indicator, 100)),
        "s14": Situation(a, date(2026, 4, 11), phase=Phase.PREPARATION, consent=False),
        "s15": Situation(a, date(2026, 5, 12), phase=Phase.ORIENTATION, consent=None),
        "s16": Situation(a, date(2026, 5, 13), outcome=PA, plan=True, actions=("done", "done", "partly", "changed"),
                         field="autonomie"),
        "s17": Situation(a, date(2026, 5, 14), outcome=PA, plan=True, actions=("not_done", "not_done"),
                         field="autonomie"),
        "s18": Situation(a, date(2026, 5, 15), outcome=NC, reason="judicial_decision", agreed=False,
                         field="autonomie"),
        "s19": Situation(a, date(2026, 5, 16), outcome=NC, reason="family_declined", field="autonomie"),
        "s20": Situation(a, date(2026, 5, 28), outcome=NC, reason="other", field="autonomie"),
        # another territory, and before the period: never counted
        "other_territory": Situation(b, date(2026, 4, 1), outcome=PA, plan=True, answers=(("family", 0),)),
        "before": Situation(a, date(2026, 2, 27), outcome=PA, plan=True, answers=(("family", 0),)),
    }
    return s


@pytest.fixture
def world(uow):
    with uow:
        a = territory(uow.session, "nord", "Territoire Nord (fictif)")
        b = territory(uow.session, "sud", "Territoire Sud (fictif)")
        own = e.TerritoryIndicatorRow(territory_id=a, name="Réunions préparatoires",
                                      definition="Nombre de réunions avant la conférence", kind="count")
        uow.session.add(own)
        uow.session.flush()
        ids = {name: seed_situation(uow.session, s) for name, s in _situations(a, b, own.id).items()}
        uow.commit()
    pilot = accounts.create_user("Pilote Fictif", Role.PILOT, "Département fictif", uow=uow)
    with uow:
        uow.session.add(r.UserTerritoryRow(user_id=pilot.id, territory_id=a))
        uow.commit()
    return {"a": a, "b": b, "ids": ids, "pilot": pilot}


def _board(world, uow, **kwargs):
    return dashboard(world["pilot"], [world["a"]], "2026-03", "2026-05", uow=uow, lang="en", **kwargs)


def test_frames_from_sql_reconcile_and_match_the_hand_count(world, uow):
    with uow:
        frames = load_frames(uow.session, territory_ids=[world["a"]], month_from="2026-03", month_to="2026-05")
    assert len(frames.referrals) == 20  # not the other territory's, not February's
    result = funnel(frames)
    assert reconcile(result) == []
    hand = {(Stage.FOLLOWED_UP, Status.COMPLETED): 4, (Stage.PLAN_ADOPTED, Status.COMPLETED): 3,
            (Stage.PLAN_ADOPTED, Status.SELF_ORGANISED): 1, (Stage.PLAN_ADOPTED, Status.IN_PROGRESS): 1,
            (Stage.HELD, Status.NOT_COMPLETED): 1, (Stage.HELD, Status.IN_PROGRESS): 1,
            (Stage.PREPARATION, Status.NOT_COMPLETED): 4, (Stage.PREPARATION, Status.IN_PROGRESS): 2,
            (Stage.ORIENTED, Status.NOT_COMPLETED): 1, (Stage.ORIENTED, Status.IN_PROGRESS): 2}
    assert {cell: n for cell, n in result.cells.items() if n} == hand
    assert frames.referrals["evaluation_consent"].sum() == 17
    assert set(frames.referrals["referred_month"]) == {"2026-03", "2026-04", "2026-05"}
    assert set(frames.referrals["quarter"]) == {"2026-T1", "2026-T2"}

    found = indicators(frames.consented())
    assert (found["closed"].n, found["plan_rate"].numerator) == (13, 7)
    # adults' scores of consenting conferences: 9 8 7 6 10 9 8 10 6 7 4 → 84 / 11
    assert found["satisfaction.all"].n == 11 and found["satisfaction.all"].value == 7.64
    assert found["satisfaction.all"].median == 8.0
    assert found["satisfaction.family"].value == 8.0 and found["satisfaction.family"].n == 5
    assert (found["actions_done_3m"].numerator, found["actions_done_3m"].denominator) == (6, 12)
    assert found["hours_coordinator"].value == 10.3  # (10 + 12 + 8 + 14 + 7.5) / 5


def test_the_dashboard_shows_the_hand_computed_figures(world, uow):
    board = _board(world, uow)
    assert board.territories == ("Territoire Nord (fictif)",) and board.reconciled
    assert board.situations == 20
    head = {h.key: h for h in board.headlines}
    assert (head["oriented"].value, head["evaluated"].value, head["closed"].value) == (20, 17, 13)
    assert head["plan_rate"].value == 53.8 and head["plan_rate"].n == 13  # 7 / 13
    assert head["not_completed"].value == 46.2  # 6 / 13
    assert head["meeting_rate"].value == 53.8  # s1–s4, s16, s17, s8: 7 / 13
    assert head["self_organised"].value == MASK  # 1 / 13: a single family
    assert head["satisfaction.all"].value == 7.64 and head["satisfaction.all"].n == 11
    assert head["satisfaction.family"].value == 8.0
    assert head["satisfaction.network"].value == MASK  # 4 answers
    assert head["actions_done_3m"].value == 50.0 and head["actions_done_3m"].n == 12
    assert head["situation_resolved"].value == MASK  # 3 followed up
    assert head["hours_coordinator"].value == 10.3 and head["hours_referent"].value == MASK

    satisfaction = board.figure("t_satisfaction")
    family = satisfaction.rows[0]
    n, mean, median = (satisfaction.header.index(x) for x in ("n", "Mean", "Median"))
    # five answers: enough for a mean, but 5 is itself a small count
    assert family[n] == MASK and family[mean] == 8.0 and family[median] == 8.0
    assert satisfaction.rows[-1][mean] == 7.64 and satisfaction.n == 11
    assert ("family member", "Mean", 8.0) in [(c.lower(), s, v) for c, s, v in satisfaction.points]

    assert board.figure("t_funnel").n == 20
    actions = board.figure("t_actions")
    assert actions.n == 12 and actions.rows[0][-1] == 6  # done: s1 ×2, s2, s3, s16 ×2
    time_spent = board.figure("t_time")
    assert time_spent.rows[-1][1:3] == (MASK, 10.3)  # five sheets: a mean, but a small count

    own, = board.own_indicators
    assert (own.name, own.n, own.total, own.mean) == ("Réunions préparatoires", 6, 15.0, 2.5)  # not s13's 100


def test_counts_from_one_to_five_are_hidden_even_by_difference(world, uow):
    board = _board(world, uow)
    count_tables = ("t_funnel", "t_outcome_field", "t_reasons", "t_actions", "t_situation", "t_quarter_field",
                    "t_themes")
    for figure in board.figures:
        if figure.key in count_tables:
            cells = [row[1:] for row in figure.rows]
        elif figure.key == "t_satisfaction":
            cells = [row[1:13] for row in figure.rows]
        elif figure.key in ("by_field", "by_quarter"):
            cells = [row[1:3] for row in figure.rows]
        else:
            continue
        for line in cells:
            assert not [v for v in line if isinstance(v, int) and 1 <= v <= 5], (figure.key, line)
        if figure.key in count_tables or figure.key == "t_satisfaction":
            # no row or column with a single hidden cell (it would follow from the total)
            for line in cells:
                assert sum(v == MASK for v in line) != 1, (figure.key, line)
            for column in zip(*cells):
                assert sum(v == MASK for v in column) != 1, (figure.key, column)
    for headline in board.headlines:
        if headline.kind == "count":
            assert not (isinstance(headline.value, int) and 1 <= headline.value <= 5)
    reasons = board.figure("t_reasons")
    assert all(v == MASK or v == 0 for row in reasons.rows for v in row[1:-1])  # 3, 1, 1, 1: all small


def test_nothing_personal_and_no_unconsented_text_in_the_result(world, uow):
    text = repr(_board(world, uow)) + repr(dashboard(world["pilot"], [world["a"]], None, None, uow=uow))
    for forbidden in (FAMILY_NAME, "Moreau", "Fictive", "Référente", SECRET_TEXT, "Inès", "Pilote Fictif"):
        assert forbidden not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # months and quarters only
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)


def test_a_pilot_reads_only_its_territories(world, uow):
    pilot = world["pilot"]
    assert [t.code for t in territories_for(pilot, uow=uow)] == ["nord"]
    for chosen in ([world["b"]], [world["a"], world["b"]], [], [world["b"] + 100]):
        with pytest.raises(Forbidden):
            dashboard(pilot, chosen, None, None, uow=uow)
    refused = [replace(pilot, active=False), Actor(id=pilot.id, role=Role.COORDINATOR, name="c"),
               Actor(id=pilot.id, role=Role.ADMIN, name="a"), Actor(id=pilot.id, role=Role.REFERENT, name="r"),
               Actor(id=None, role=Role.FAMILY, conference_id=world["ids"]["s1"])]
    for actor in refused:
        assert territories_for(actor, uow=uow) == []
        with pytest.raises(Forbidden):
            dashboard(actor, [world["a"]], None, None, uow=uow)
    local = Actor(id=None, role=Role.COORDINATOR, name="local", local=True)
    assert {t.code for t in territories_for(local, uow=uow)} == {"nord", "sud"}
    both = dashboard(local, [world["a"], world["b"]], "2026-03", "2026-05", uow=uow)
    assert both.situations == 21


def test_a_malformed_period_is_refused_in_french_terms(world, uow):
    for month_from, month_to in (("2026-13", None), ("mars", None), ("2026-05", "2026-03")):
        with pytest.raises(InvalidInput):
            dashboard(world["pilot"], [world["a"]], month_from, month_to, uow=uow)
