"""The evaluation's frames straight from SQL (issue 9): one query per table, no Python
object per row; the dashboard's ``counts_only`` reads stay inside the composite indexes
of migration 0011 (decision 0026). Moving the rows is the cost: a département's whole
history (100,000 situations, 500,000 answers) takes seconds on SQLite, not milliseconds.

    frames = load_frames(session, territory_ids={1, 2}, month_from="2026-01", month_to="2026-06")
    counted = load_frames(session, territory_ids={1, 2}, counts_only=True)  # the dashboard

What a situation's *stage* is (the furthest step it reached, every situation in exactly
one; decision 0025):

- in progress: its phase (orientation → ``oriented``, preparation → ``preparation``,
  the meeting's phases → ``held``, a plan adopted or the follow-up → ``plan_adopted``);
- closed with a plan (at a conference or organised by the family): ``followed_up`` once
  the three-month result is recorded, else ``plan_adopted``;
- closed without a plan: ``held`` when a plan was adopted or the meeting day had come
  before the closure, ``preparation`` when the orientation's conditions were met (the
  family's agreement, the duty to inform), else ``oriented``.

The family's evaluation consent is read here, in SQL (the same rule as
``evaluation_consent.consented_conference_ids``: the latest record of kind ``evaluation``
that is not withdrawn says yes). Values stay exact; masking happens downstream.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session, aliased

from conference.domain.enums import ConsentKind, Outcome, Phase
from conference.evaluation.frames import (ACTION_COLUMNS, ANSWER_COLUMNS, ANSWER_ITEMS, COUNTED_ANSWER_COLUMNS,
                                          COUNTED_REFERRAL_COLUMNS, PASSAGE_COLUMNS, REFERRAL_COLUMNS, TEXT_COLUMNS, Frames, join_conference,
                                          with_object_ids)
from conference.evaluation.types import ROLES, ParticipantRole, Stage, Status

from . import models as r
from . import models_evaluation as e

PARIS = ZoneInfo("Europe/Paris")
MEETING = (Phase.INFORMATION_SHARING.value, Phase.PRIVATE_TIME.value, Phase.VALIDATION.value)
STATUS_OF = {Outcome.PLAN_ADOPTED.value: Status.COMPLETED.value,
             Outcome.FAMILY_SELF_ORGANISED.value: Status.SELF_ORGANISED.value,
             Outcome.NOT_COMPLETED.value: Status.NOT_COMPLETED.value}


def month_start_utc(month: str) -> datetime:
    """The first instant of a Paris month (``2026-03``) as naive UTC, as stored."""
    year, number = (int(part) for part in month.split("-"))
    return datetime(year, number, 1, tzinfo=PARIS).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def next_month(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def conference_filter(territory_ids: Iterable[int] | None, month_from: str | None, month_to: str | None):
    c = r.ConferenceRow
    where = []
    if territory_ids is not None:
        where.append(c.territory_id.in_(sorted(set(territory_ids))))
    if month_from:
        where.append(c.created_at >= month_start_utc(month_from))
    if month_to:
        where.append(c.created_at < month_start_utc(next_month(month_to)))
    return and_(true(), *where)


def consented_subquery():
    """Conferences whose latest non-withdrawn evaluation record says yes (a subquery, for
    joins over few conferences: a territory's own indicator values)."""
    k = r.ConsentRow
    latest = (select(k.conference_id, func.max(k.id).label("latest"))
              .where(k.kind == ConsentKind.EVALUATION.value, k.withdrawn_at.is_(None))
              .group_by(k.conference_id).subquery())
    return (select(latest.c.conference_id).join(k, k.id == latest.c.latest).where(k.given.is_(True))
            .subquery("consented"))


def consent_given():
    """The same rule for each conference row, correlated: an outer join to the grouped
    subquery made SQLite scan it once per conference when a territory index was used
    (minutes at 100,000 situations)."""
    k, earlier = r.ConsentRow, aliased(r.ConsentRow)
    latest = (select(func.max(earlier.id)).where(earlier.conference_id == r.ConferenceRow.id,
                                                 earlier.kind == ConsentKind.EVALUATION.value,
                                                 earlier.withdrawn_at.is_(None))
              .correlate(r.ConferenceRow).scalar_subquery())
    return select(k.id).where(k.id == latest, k.given.is_(True)).correlate(r.ConferenceRow).exists()


def _read(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """Rows as the database driver returns them, straight into a frame: SQLAlchemy's
    per-row processing (dates parsed, JSON decoded, row objects) cost more than the query
    at 500,000 answers. Callers parse what they need, vectorised (``_dates``, ``_json``)."""
    result = session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def _read_typed(session: Session, query, columns: dict[str, str]) -> pd.DataFrame:
    """``_read`` for the largest reads, each column built with its known type (``int``: no
    NULL; ``float``: NULL → NaN; ``str``): pandas' type inference over 500,000 rows cost
    a third more than building the columns."""
    result = session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    if not rows:  # the same empty frame as ``_read`` gives
        return pd.DataFrame.from_records(rows, columns=list(columns))
    out = {}
    for k, (name, kind) in enumerate(columns.items()):
        values = map(itemgetter(k), rows)
        if kind == "int":
            out[name] = np.fromiter(values, dtype=np.int64, count=len(rows))
        elif kind == "float":
            out[name] = np.array(list(values), dtype=float)
        else:
            out[name] = pd.array(list(values), dtype="str")
    return pd.DataFrame(out, columns=list(columns))


def _dates(values: pd.Series) -> pd.Series:
    """Dates and timestamps as stored (SQLite: ISO text; PostgreSQL: native) → datetime64."""
    return pd.to_datetime(values, format="ISO8601") if len(values) else pd.Series([], dtype="datetime64[ns]")


def _json(value):
    """A JSON column as the driver gives it: text on SQLite, decoded on PostgreSQL."""
    if isinstance(value, str):
        return json.loads(value)
    return value if isinstance(value, dict) else {}  # SQL NULL arrives as None or NaN


def _referrals(session: Session, where, dept: str, *, counts_only: bool = False
               ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The situations, ordered by id, their integer ids and the number of their latest
    adopted plan (NaN: none). ``counts_only``: without the columns only the files' rows
    show (the participants by role from the sheets' JSON, the last ratification)."""
    c, s, t = r.ConferenceRow, e.SynthesisSheetRow, r.TerritoryRow
    p = r.PlanVersionRow
    latest_plan = select(func.max(p.number)).where(p.conference_id == c.id).scalar_subquery()
    x = r.RatificationRow
    last_ratification = (select(x.decision).where(x.conference_id == c.id).order_by(x.id.desc()).limit(1)
                         .scalar_subquery())
    columns = ["id", "territory", "field", "referred_by", "created_at", "phase", "outcome", "reason",
               "resolution", "latest_plan", "meeting_date", "closed_at", "agreed", "informed", "consent",
               "hours_coordinator", "hours_referent", *([] if counts_only else ["participants", "ratification"])]
    query = (select(c.id, t.code, c.field, c.referral_source, c.created_at, c.phase, c.outcome, c.closure_reason,
                    c.resolution, latest_plan, c.meeting_date, c.closed_at, c.family_agreement,
                    c.information_duty_met, consent_given(), s.hours_coordinator,
                    s.hours_referent, *([] if counts_only else [s.participants, last_ratification]))
             .select_from(c).outerjoin(t, t.id == c.territory_id).outerjoin(s, s.conference_id == c.id)
             .where(where).order_by(c.id))
    raw = _read(session, query, columns)
    raw["has_plan"] = raw["latest_plan"].notna()
    out = pd.DataFrame({"ref": raw["id"].astype(str), "dept": dept, "territory": raw["territory"].fillna(""),
                        "field": raw["field"].fillna("autre"), "referred_by": raw["referred_by"].fillna("other")})
    out["referred_month"], out["quarter"] = _months_and_quarters(raw["created_at"])
    out["stage"] = stages(raw)
    out["status"] = raw["outcome"].map(STATUS_OF).fillna(Status.IN_PROGRESS.value) \
        if len(raw) else pd.Series([], dtype=object)
    out["outcome"] = raw["outcome"]
    out["reason"] = raw["reason"].where(raw["outcome"] == Outcome.NOT_COMPLETED.value, None)
    out["self_organised"] = (raw["outcome"] == Outcome.FAMILY_SELF_ORGANISED.value).astype(bool)
    out["evaluation_consent"] = raw["consent"].fillna(False).astype(bool)
    out["hours_coordinator"] = pd.to_numeric(raw["hours_coordinator"], errors="coerce").astype("float64")
    out["hours_referent"] = pd.to_numeric(raw["hours_referent"], errors="coerce").astype("float64")
    if not counts_only:
        for column, values in _participants(raw["participants"]).items():
            out[column] = values
        out["ratification"] = raw["ratification"]
    out["situation_3m"] = raw["resolution"]
    return (out[list(COUNTED_REFERRAL_COLUMNS if counts_only else REFERRAL_COLUMNS)],
            raw["id"].to_numpy(dtype=np.int64),
            pd.to_numeric(raw["latest_plan"], errors="coerce").to_numpy(dtype=float, na_value=np.nan))


def _months_and_quarters(created_at: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The Paris month (``2026-03``) and quarter (``2026-T1``) of each stored UTC instant.
    Each distinct month is formatted once: ``strftime`` on every row cost more than the
    query at 100,000 situations."""
    if not len(created_at):
        return pd.Series([], dtype=object), pd.Series([], dtype=object)
    local = _dates(created_at).dt.tz_localize("UTC").dt.tz_convert(PARIS)
    year, month = local.dt.year.to_numpy(dtype=np.int64), local.dt.month.to_numpy(dtype=np.int64)
    codes, months = pd.factorize(year * 12 + month - 1)
    years, numbers = months // 12, months % 12 + 1
    month_names = np.array([f"{y:04d}-{m:02d}" for y, m in zip(years, numbers)], dtype=object)
    quarter_names = np.array([f"{y}-T{(m - 1) // 3 + 1}" for y, m in zip(years, numbers)], dtype=object)
    return (pd.Series(month_names[codes], index=created_at.index),
            pd.Series(quarter_names[codes], index=created_at.index))


def _participants(values: pd.Series) -> dict[str, np.ndarray]:
    """``participants_<role>`` counts from the sheets' JSON, each distinct text decoded once
    (SQLite gives text; PostgreSQL gives the decoded values, which are not hashable)."""
    objects = values.astype(object).tolist()
    if any(isinstance(value, dict) for value in objects):
        codes, decoded = np.arange(len(objects), dtype=np.int64), [_json(value) or {} for value in objects]
    else:
        codes, uniques = pd.factorize(pd.Series(objects, dtype=object), use_na_sentinel=False)
        decoded = [_json(value) or {} for value in uniques]
    out = {}
    for role in ROLES:
        per_value = np.array([int(d.get(role.value, 0) or 0) for d in decoded] or [0], dtype=np.int64)
        out[f"participants_{role.value}"] = per_value[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    return out


def stages(raw: pd.DataFrame) -> np.ndarray:
    """The furthest stage of each situation (see the module's docstring), vectorised."""
    if not len(raw):
        return np.array([], dtype=object)
    phase, outcome = raw["phase"].to_numpy(dtype=object), raw["outcome"].to_numpy(dtype=object)
    has_plan = raw["has_plan"].fillna(False).to_numpy(dtype=bool)
    followed = raw["resolution"].notna().to_numpy()
    with_plan = np.isin(outcome, [Outcome.PLAN_ADOPTED.value, Outcome.FAMILY_SELF_ORGANISED.value])
    stopped = outcome == Outcome.NOT_COMPLETED.value
    meeting = _dates(raw["meeting_date"])
    closed = _dates(raw["closed_at"]).dt.normalize()
    met = (meeting.notna() & closed.notna() & (meeting <= closed)).to_numpy()
    oriented_ok = (raw["agreed"].fillna(False).astype(bool) & raw["informed"].fillna(False).astype(bool)).to_numpy()
    in_progress = pd.isna(outcome)
    conditions = [
        with_plan & followed, with_plan,
        stopped & (has_plan | met), stopped & oriented_ok, stopped,
        in_progress & (has_plan | (phase == Phase.FOLLOW_UP.value)), in_progress & np.isin(phase, MEETING),
        in_progress & (phase == Phase.PREPARATION.value),
    ]
    choices = [Stage.FOLLOWED_UP.value, Stage.PLAN_ADOPTED.value, Stage.HELD.value, Stage.PREPARATION.value,
               Stage.ORIENTED.value, Stage.PLAN_ADOPTED.value, Stage.HELD.value, Stage.PREPARATION.value]
    return np.select(conditions, choices, default=Stage.ORIENTED.value).astype(object)


def _actions(session: Session, where, ids: np.ndarray, latest_plan: np.ndarray) -> pd.DataFrame:
    """The reviews of each conference's latest adopted plan (``latest_plan``, by position of
    the conference in ``ids``; an action not yet reviewed has no row: the indicators count
    only actions followed up), numbered in the order they were recorded. The select reads
    only ``ix_action_reviews_conference_plan_status``: the latest plan is matched and the
    order restored here (a correlated max() per review row cost more than the read)."""
    v, c = r.ActionReviewRow, r.ConferenceRow
    raw = _read_typed(session, select(v.id, v.conference_id, v.plan_number, v.status)
                      .join(c, c.id == v.conference_id).where(where),
                      {"id": "int", "conference_id": "int", "plan_number": "int", "status": "str"})
    if len(raw):
        at = _positions_of(ids, raw["conference_id"].to_numpy(dtype=np.int64))
        latest = np.where(at >= 0, latest_plan[np.maximum(at, 0)] if len(ids) else np.nan, np.nan)
        raw = raw[raw["plan_number"].to_numpy(dtype=float) == latest]
        raw = raw.iloc[np.lexsort((raw["id"].to_numpy(), raw["conference_id"].to_numpy()))].reset_index(drop=True)
    number = raw.groupby("conference_id").cumcount() + 1 if len(raw) else pd.Series([], dtype=np.int64)
    return pd.DataFrame({"conference_ref": raw["conference_id"].astype(str), "action_no": number.astype(np.int64),
                         "owner_kind": "family", "status_3m": raw["status"]})[list(ACTION_COLUMNS)]


def _answers(session: Session, where) -> tuple[pd.DataFrame, np.ndarray]:
    """Every answer, ordered by id, and its conference's integer id."""
    q, c = e.QuestionnaireResponseRow, r.ConferenceRow
    items = [q.items[item].as_integer() for item in ANSWER_ITEMS]
    query = (select(q.id, q.conference_id, q.role, q.questionnaire, q.questionnaire_version, q.score, *items,
                    q.channel, q.quote_consent).join(c, c.id == q.conference_id).where(where).order_by(q.id))
    raw = _read(session, query, ["id", "conference_id", "role", "questionnaire", "version", "score",
                                 *ANSWER_ITEMS, "channel", "quote_consent"])
    out = pd.DataFrame({"ref": raw["id"].astype(str), "conference_ref": raw["conference_id"].astype(str),
                        "respondent_role": raw["role"], "questionnaire": raw["questionnaire"],
                        "questionnaire_version": raw["version"].astype(np.int64)})
    for column in ("score", *ANSWER_ITEMS):
        out[column] = pd.to_numeric(raw[column], errors="coerce").astype("Float64")
    out["transcribed"] = (raw["channel"] == "transcribed").astype(bool)
    out["quote_consent"] = raw["quote_consent"].fillna("none")
    return out[list(ANSWER_COLUMNS)], raw["conference_id"].to_numpy(dtype=np.int64)


def _counted_answers(session: Session, where) -> tuple[pd.DataFrame, np.ndarray]:
    """Only what the counts read (``COUNTED_ANSWER_COLUMNS``), in two selects that stay in
    indexes: every answer's conference, role and score from
    ``ix_questionnaire_responses_conference_role_score`` (the rows themselves are not read,
    the JSON items not parsed), then the faces of the children's answers only (JSON read
    for about one answer in twelve). Same rows, same order as ``_answers``."""
    q, c = e.QuestionnaireResponseRow, r.ConferenceRow
    raw = _read_typed(session, select(q.id, q.conference_id, q.role, q.score).join(c, c.id == q.conference_id)
                      .where(where), {"id": "int", "conference_id": "int", "role": "str", "score": "float"})
    if len(raw):
        raw = raw.iloc[np.argsort(raw["id"].to_numpy(), kind="stable")].reset_index(drop=True)
    children = _read(session, select(q.id, q.items["faces"].as_integer()).join(c, c.id == q.conference_id)
                     .where(where, q.role == ParticipantRole.CHILD.value), ["id", "faces"])
    faces = np.full(len(raw), np.nan)
    if len(children):
        at = np.searchsorted(raw["id"].to_numpy(), children["id"].to_numpy())
        faces[at] = pd.to_numeric(children["faces"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out = pd.DataFrame({"ref": raw["id"].astype(str), "conference_ref": raw["conference_id"].astype(str),
                        "respondent_role": raw["role"]})
    out["score"] = pd.to_numeric(raw["score"], errors="coerce").astype("Float64")
    out["faces"] = pd.array(faces, dtype="Float64") if len(raw) else pd.array([], dtype="Float64")
    return out[list(COUNTED_ANSWER_COLUMNS)], raw["conference_id"].to_numpy(dtype=np.int64)


def _texts(session: Session, where) -> pd.DataFrame:
    x, q, c = e.QuestionnaireTextRow, e.QuestionnaireResponseRow, r.ConferenceRow
    query = (select(x.response_id, x.question, x.text).join(q, q.id == x.response_id)
             .join(c, c.id == q.conference_id).where(where, func.length(func.trim(x.text)) > 0).order_by(x.id))
    raw = _read(session, query, ["answer_ref", "question", "text"])
    raw["answer_ref"] = raw["answer_ref"].astype(str)
    return raw[list(TEXT_COLUMNS)]


def _themes(session: Session, territory_ids: Iterable[int] | None) -> pd.DataFrame:
    query = select(e.ThemeRow.id, e.ThemeRow.label).order_by(e.ThemeRow.id)
    if territory_ids is not None:
        query = query.where(e.ThemeRow.territory_id.in_(sorted(set(territory_ids))))
    raw = _read(session, query, ["theme", "label"])
    raw["theme"] = raw["theme"].astype(str)
    return raw


def _passages(session: Session, where) -> pd.DataFrame:
    g, x, q, c = e.ThemeTagRow, e.QuestionnaireTextRow, e.QuestionnaireResponseRow, r.ConferenceRow
    query = (select(g.theme_id, x.response_id, x.question, g.start, g.end).join(x, x.id == g.text_id)
             .join(q, q.id == x.response_id).join(c, c.id == q.conference_id).where(where).order_by(g.id))
    raw = _read(session, query, list(PASSAGE_COLUMNS))
    raw["theme"] = raw["theme"].astype(str)
    raw["answer_ref"] = raw["answer_ref"].astype(str)
    for column in ("start", "end"):
        raw[column] = pd.to_numeric(raw[column], errors="coerce").astype("Int64")
    return raw


def _positions_of(ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of each key among ``ids`` (ascending: the situations are read by id), -1
    when absent."""
    at = np.searchsorted(ids, keys)
    found = at < len(ids)
    found[found] = ids[at[found]] == keys[found]
    return np.where(found, at, -1).astype(np.int64)


def load_frames(session: Session, *, territory_ids: Iterable[int] | None, month_from: str | None = None,
                month_to: str | None = None, dept: str = "", texts: bool = True, counts_only: bool = False) -> Frames:
    """The evaluation's frames for conferences of ``territory_ids`` (``None``: every one)
    oriented (created) from ``month_from`` to ``month_to`` included (Paris months,
    ``YYYY-MM``). Permissions are the caller's (services check them first).

    ``texts=False`` leaves the open answers out. ``counts_only=True`` (the dashboard: it
    counts, it does not read) also leaves them out, and the situations and answers carry
    only the columns the indicators and breakdowns count (``COUNTED_REFERRAL_COLUMNS``,
    ``COUNTED_ANSWER_COLUMNS`` and the answers' conference columns): the files need
    ``counts_only=False``."""
    territory_ids = None if territory_ids is None else list(territory_ids)
    where = conference_filter(territory_ids, month_from, month_to)
    referrals, ids, latest_plan = _referrals(session, where, dept, counts_only=counts_only)
    answers, conference_ids = _counted_answers(session, where) if counts_only else _answers(session, where)
    answers = join_conference(answers, referrals, at=_positions_of(ids, conference_ids))
    text_frame = _texts(session, where) if texts and not counts_only else pd.DataFrame(columns=list(TEXT_COLUMNS))
    frames = Frames(referrals, _actions(session, where, ids, latest_plan), answers, text_frame, _themes(session, territory_ids),
                    _passages(session, where), dept)
    return with_object_ids(frames)
