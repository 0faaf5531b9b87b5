"""The pilot dashboard's indicators over the database, against hand-written SQL GROUP BYs
computing the same counts over the same rows in the same run (group
"evaluation_dashboard_<db>"), on SQLite and, when CERCLE_TEST_POSTGRES_URL is set, on
PostgreSQL. Also the whole dashboard (masking and tables included), reported.

The large data set (100,000 situations, about 500,000 answers, written with Core
executemany) is built only with ``CERCLE_BENCH_LARGE=1``; otherwise the same code runs on
a small one. Targets, reported and never asserted: under 1 s, within 2× of the GROUP BYs.

    CERCLE_BENCH_LARGE=1 .venv/bin/pytest tests/benchmarks/test_evaluation_dashboard_scale.py --benchmark-enable -s
"""
from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from conference.evaluation.demo_data import demo_rows
from conference.evaluation.indicators import funnel, indicators, indicators_by, reconcile
from conference.services.evaluation_dashboard import build
from conference.store import models as r
from conference.store import models_evaluation as e
from conference.store.db import make_engine, session_factory
from conference.store.evaluation_queries import load_frames
from conference.store.migrate import upgrade
from tests.evaluation_seed import bulk_load, territory
from tests.postgres import drop_database, fresh_database, postgres_base_url

from .conftest import BASELINE, LOADED

LARGE = os.environ.get("CERCLE_BENCH_LARGE") == "1"
SITUATIONS = 100_000 if LARGE else 600
ANSWERS_RANGE = (8, 13) if LARGE else (3, 9)
DATABASES = ["sqlite"] + (["postgres"] if postgres_base_url() else [])


@pytest.fixture(scope="module", params=DATABASES)
def database(request, tmp_path_factory):
    base = postgres_base_url()
    url = (f"sqlite:///{tmp_path_factory.mktemp('dash') / 'bench.sqlite3'}" if request.param == "sqlite"
           else fresh_database(base, label="dashbench"))
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    rows = demo_rows(seed=7, situations=SITUATIONS, answers_range=ANSWERS_RANGE)
    with session_factory(engine)() as session:
        names = sorted({x.territory for x in rows.referrals})
        ids = {name: territory(session, f"t{k}", name) for k, name in enumerate(names)}
        session.commit()
    bulk_load(engine, rows, ids)
    if request.param == "postgres":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    print(f"\n[dashboard/{request.param}] {len(rows.referrals)} situations, {len(rows.answers)} answers written in "
          f"{time.perf_counter() - started:.1f} s")
    yield request.param, session_factory(engine), frozenset(ids.values())
    engine.dispose()
    if request.param == "postgres":
        drop_database(base, url)


def dashboard_indicators(sessions, territory_ids):
    """What the dashboard computes: the frames from SQL, the funnel, the core indicators,
    by field and by quarter."""
    with sessions() as session:
        frames = load_frames(session, territory_ids=territory_ids, counts_only=True)
    result = funnel(frames)
    assert reconcile(result) == []
    return frames, result, indicators(frames), indicators_by(frames, "field"), indicators_by(frames, "quarter")


def _quarter(dialect: str, column):
    """``2026-T1`` of a timestamp, in SQL (UTC here: the baseline's only shortcut)."""
    if dialect == "sqlite":
        return func.strftime("%Y", column) + "-T" + ((func.cast(func.strftime("%m", column), r.Integer) + 2) / 3)
    return func.to_char(column, "YYYY") + "-T" + func.to_char(column, "Q")


def baseline(sessions, territory_ids, dialect):
    """The same counts with hand-written GROUP BYs, one query each: funnel cells, statuses,
    reasons, score distributions by role, actions and situations at three months, hours,
    statuses and scores by field and by quarter."""
    c, q, v, p = r.ConferenceRow, e.QuestionnaireResponseRow, r.ActionReviewRow, r.PlanVersionRow
    k, k2 = r.ConsentRow, aliased(r.ConsentRow)
    latest_consent = (select(func.max(k2.id)).where(k2.conference_id == c.id, k2.kind == "evaluation",
                                                    k2.withdrawn_at.is_(None)).correlate(c).scalar_subquery())
    has_plan = exists().where(p.conference_id == c.id)
    closed_day = func.date(c.closed_at) if dialect == "sqlite" else func.cast(c.closed_at, r.Date)
    stage = case(
        (and_(c.outcome.in_(["plan_adopted", "family_self_organised"]), c.resolution.is_not(None)), "followed_up"),
        (c.outcome.in_(["plan_adopted", "family_self_organised"]), "plan_adopted"),
        (and_(c.outcome == "not_completed", or_(has_plan, c.meeting_date <= closed_day)), "held"),
        (and_(c.outcome == "not_completed", c.family_agreement, c.information_duty_met), "preparation"),
        (c.outcome == "not_completed", "oriented"),
        (or_(has_plan, c.phase == "follow_up"), "plan_adopted"),
        (c.phase.in_(["information_sharing", "private_time", "validation"]), "held"),
        (c.phase == "preparation", "preparation"), else_="oriented")
    scope = c.territory_id.in_(sorted(territory_ids))
    # Correlated to each conference, explicitly: nested in EXISTS, the max() subquery was not
    # auto-correlated and took the latest consent of the whole table (one yes for all).
    ev = exists().where(k.id == latest_consent, k.given.is_(True)).correlate(c)
    base = select().select_from(c).where(scope)
    quarter = _quarter(dialect, c.created_at)
    latest = select(func.max(p.number)).where(p.conference_id == v.conference_id).scalar_subquery()
    hours = e.SynthesisSheetRow
    with sessions() as session:
        out = [session.execute(base.add_columns(stage, c.outcome, func.count()).group_by(stage, c.outcome)).all(),
               session.execute(base.add_columns(c.outcome, func.count()).where(ev).group_by(c.outcome)).all(),
               session.execute(base.add_columns(c.closure_reason, func.count())
                               .where(ev, c.outcome == "not_completed").group_by(c.closure_reason)).all(),
               session.execute(base.join(q, q.conference_id == c.id).add_columns(q.role, q.score, func.count())
                               .where(ev).group_by(q.role, q.score)).all(),
               session.execute(base.join(v, v.conference_id == c.id).add_columns(v.status, func.count())
                               .where(ev, v.plan_number == latest).group_by(v.status)).all(),
               session.execute(base.add_columns(c.resolution, func.count()).where(ev).group_by(c.resolution)).all(),
               session.execute(base.join(hours, hours.conference_id == c.id)
                               .add_columns(func.count(hours.hours_coordinator), func.sum(hours.hours_coordinator),
                                            func.count(hours.hours_referent), func.sum(hours.hours_referent))
                               .where(ev)).all()]
        for group in (c.field, quarter):
            out.append(session.execute(base.add_columns(group, c.outcome, func.count()).group_by(group, c.outcome)
                                       ).all())
            out.append(session.execute(base.join(q, q.conference_id == c.id)
                                       .add_columns(group, q.role, q.score, func.count()).where(ev)
                                       .group_by(group, q.role, q.score)).all())
    return out


def test_the_same_funnel_both_ways(database):
    dialect, sessions, territory_ids = database
    _, result, *_ = dashboard_indicators(sessions, territory_ids)
    cells = {}
    for stage, outcome, count in baseline(sessions, territory_ids, dialect)[0]:
        status = {None: "in_progress", "plan_adopted": "completed", "family_self_organised": "self_organised",
                  "not_completed": "not_completed"}[outcome]
        cells[(stage, status)] = cells.get((stage, status), 0) + count
    assert {(s.value, t.value): n for (s, t), n in result.cells.items() if n} == cells


def test_the_same_consented_counts_both_ways(database):
    """Beyond the funnel: situations by outcome and adult scores by role, among the
    conferences in the evaluation (the baseline's consent test is correlated per conference)."""
    dialect, sessions, territory_ids = database
    *_, core, _, _ = dashboard_indicators(sessions, territory_ids)
    out = baseline(sessions, territory_ids, dialect)
    by_outcome = {outcome: n for outcome, n in out[1]}
    assert sum(by_outcome.values()) == core["evaluated"].n
    assert by_outcome.get("not_completed", 0) == core["not_completed"].numerator
    scores = {(role, score): n for role, score, n in out[3] if role != "child"}
    ours = {(role, value): n for role in ("family", "network", "professional", "expert", "coordinator")
            for value, n in core[f"satisfaction.{role}"].distribution if n}
    assert ours == scores


@pytest.mark.benchmark(group="evaluation_dashboard")
def test_dashboard_indicators_from_the_database(benchmark, database, record_mean, request):
    dialect, sessions, territory_ids = database
    benchmark.group = f"evaluation_dashboard_{dialect}"
    _, result, *_ = benchmark(dashboard_indicators, sessions, territory_ids)
    record_mean(benchmark, LOADED)
    assert result.total == SITUATIONS


@pytest.mark.benchmark(group="evaluation_dashboard")
def test_baseline_hand_written_group_bys(benchmark, database, record_mean):
    dialect, sessions, territory_ids = database
    benchmark.group = f"evaluation_dashboard_{dialect}"
    out = benchmark(baseline, sessions, territory_ids, dialect)
    record_mean(benchmark, BASELINE)
    assert sum(n for *_, n in out[0]) == SITUATIONS


@pytest.mark.benchmark(group="evaluation_dashboard_whole")
def test_whole_dashboard_with_masking(benchmark, database):
    """The page's whole result: indicators, masked tables, by field and by quarter (reported)."""
    dialect, sessions, territory_ids = database
    benchmark.group = f"evaluation_dashboard_whole_{dialect}"

    def whole():
        with sessions() as session:
            frames = load_frames(session, territory_ids=territory_ids, counts_only=True)
        return build(frames, ("bench",), (None, None), (), "fr")

    board = benchmark.pedantic(whole, rounds=3 if LARGE else 1, iterations=1)
    assert board.reconciled and board.situations == SITUATIONS
