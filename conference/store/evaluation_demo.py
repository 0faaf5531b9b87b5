"""The evaluation demo in the database: ``cercle demo --evaluation``.

Several hundred fictional situations over the last two years in two territories
("Territoire Nord (fictif)", "Territoire Sud (fictif)"), written straight to the tables
with SQLAlchemy Core ``executemany`` inserts (one statement per table, like
:mod:`conference.store.bulk`): conferences at every step with plausible funnels and
closure reasons, the family's evaluation consent (most yes, some no), synthesis sheets,
adopted plans with their three-month reviews, anonymous questionnaire answers by role
(children's and transcribed ones too), open answers in plain invented French with their
quote consents, themes tagged on them, and one territory's own indicator. The rows come
from :func:`conference.evaluation.demo_data.demo_rows` (the same seed gives the same data).

It bypasses the services on purpose (no audit entry per row) and only ever adds clearly
fictional rows beside what is there; it is idempotent: the territory codes tell whether
the demo is already loaded. The pilot account's password is hashed by the caller (the
store never hashes).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from conference.domain.enums import ConsentKind, Phase, Role
from conference.domain.model import content_hash
from conference.evaluation.codebook import QUESTIONNAIRES
from conference.evaluation.demo_data import TERRITORIES, demo_rows
from conference.evaluation.types import Referral, Stage

from . import models as r

TERRITORY_CODES = ("nord-fictif", "sud-fictif")
PILOT_LOGIN = "pilote.demo"
PILOT_NAME = "Pilote de démonstration (fictive)"
#: The documented demo password of ``pilote.demo`` (printed by ``cercle demo --evaluation``).
PILOT_PASSWORD = "Pilote-demo-fictive-2026"
INDICATOR = ("Réunions de préparation avec la famille",
             "Nombre de rencontres de préparation entre la coordinatrice et la famille avant la conférence "
             "(indicateur propre au Territoire Nord, fictif).")
_HELD = (Stage.HELD, Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP)
_ANSWER_CHANNELS = ("shared_screen", "family_link")


@dataclass(frozen=True)
class EvaluationDemo:
    """What was loaded (printed by the command line)."""

    territories: tuple[str, ...]
    conferences: int
    answers: int
    pilot_login: str


def is_loaded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(r.TerritoryRow)
                               .where(r.TerritoryRow.code.in_(TERRITORY_CODES))))


def demo_start(today: date) -> date:
    """The first day of the month 23 months before ``today``'s: two years up to now."""
    months = today.year * 12 + today.month - 1 - 23
    return date(months // 12, months % 12 + 1, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


def _next_id(session: Session, model) -> int:
    return (session.scalar(select(func.max(model.__table__.c.id))) or 0) + 1


def load_evaluation_demo(session: Session, *, pilot_password_hash: str, today: date, seed: int = 2026,
                         situations: int = 360) -> EvaluationDemo | None:
    """Insert the demo in the caller's transaction (the caller commits); ``None`` when it
    is already there. ``today`` bounds every date (nothing is dated in the future)."""
    if is_loaded(session):
        return None
    rows = demo_rows(seed=seed, situations=situations, start=demo_start(today))
    territory_ids = {}
    for code, name in zip(TERRITORY_CODES, TERRITORIES):
        row = r.TerritoryRow(code=code, name=name)
        session.add(row)
        session.flush()
        territory_ids[name] = row.id
    pilot = r.User(login=PILOT_LOGIN, display_name=PILOT_NAME, role=Role.PILOT.value,
                   institution="Conseil départemental fictif", password_hash=pilot_password_hash)
    session.add(pilot)
    session.flush()
    session.execute(insert(r.UserTerritoryRow.__table__),
                    [{"user_id": pilot.id, "territory_id": tid} for tid in territory_ids.values()])
    definitions = _definitions(session)

    out: dict[type, list[dict]] = {model: [] for model in (
        r.ConferenceRow, r.ConsentRow, r.SynthesisSheetRow, r.PlanVersionRow, r.RatificationRow,
        r.ActionReviewRow, r.QuestionnaireResponseRow, r.QuestionnaireTextRow, r.IndicatorValueRow)}
    first = _next_id(session, r.ConferenceRow)
    conference_of = {}
    for n, referral in enumerate(rows.referrals):
        cid = first + n
        conference_of[referral.ref] = cid
        _conference(out, cid, n, referral, territory_ids[referral.territory], today)

    # Themes: each territory its own editable list (the same starter labels).
    theme_ids: dict[tuple[int, str], int] = {}
    next_theme = _next_id(session, r.ThemeRow)
    theme_rows = []
    for tid in territory_ids.values():
        for theme in rows.themes:
            theme_ids[(tid, theme.id)] = next_theme
            theme_rows.append({"id": next_theme, "territory_id": tid, "label": theme.label,
                               "definition": "Thème de démonstration (liste de départ, modifiable)."})
            next_theme += 1
    territory_of = {referral.ref: territory_ids[referral.territory] for referral in rows.referrals}
    day_of = {referral.ref: referral.referred_on for referral in rows.referrals}

    next_response = _next_id(session, r.QuestionnaireResponseRow)
    next_text = _next_id(session, r.QuestionnaireTextRow)
    text_of: dict[tuple[str, str], int] = {}
    for answer in rows.answers:
        rid = next_response
        next_response += 1
        answered = min(day_of[answer.conference_ref] + timedelta(days=45), today)
        out[r.QuestionnaireResponseRow].append(dict(
            id=rid, conference_id=conference_of[answer.conference_ref],
            definition_id=definitions[(answer.questionnaire_id, answer.questionnaire_version)],
            questionnaire=answer.questionnaire_id, questionnaire_version=answer.questionnaire_version,
            role=answer.role.value,
            channel="transcribed" if answer.transcribed else _ANSWER_CHANNELS[rid % 2],
            score=answer.score, items=dict(answer.items), quote_consent=answer.quote_consent.value,
            created_at=_at(answered, 16)))
        for question, text in answer.texts.items():
            out[r.QuestionnaireTextRow].append(dict(id=next_text, response_id=rid, question=question, text=text))
            text_of[(answer.ref, question)] = next_text
            next_text += 1
    answer_conference = {a.ref: a.conference_ref for a in rows.answers}
    tags = [dict(theme_id=theme_ids[(territory_of[answer_conference[p.answer_ref]], p.theme_id)],
                 text_id=text_of[(p.answer_ref, p.question_id)], start=p.start, end=p.end)
            for p in rows.passages if (p.answer_ref, p.question_id) in text_of]

    # One territory's own indicator (Nord), with a value for its conferences held.
    north = territory_ids[TERRITORIES[0]]
    indicator = r.TerritoryIndicatorRow(territory_id=north, name=INDICATOR[0], definition=INDICATOR[1],
                                        kind="count")
    session.add(indicator)
    session.flush()
    for n, referral in enumerate(rows.referrals):
        if referral.territory == TERRITORIES[0] and referral.stage in _HELD:
            out[r.IndicatorValueRow].append(dict(indicator_id=indicator.id, conference_id=conference_of[referral.ref],
                                                 value=float(2 + n % 4)))

    # Parents before children, so the foreign keys (enforced on SQLite) hold.
    for model in (r.ConferenceRow, r.ConsentRow, r.SynthesisSheetRow, r.PlanVersionRow, r.RatificationRow,
                  r.ActionReviewRow, r.QuestionnaireResponseRow, r.QuestionnaireTextRow, r.IndicatorValueRow):
        if out[model]:
            session.execute(insert(model.__table__), out[model])
    if theme_rows:
        session.execute(insert(r.ThemeRow.__table__), theme_rows)
    if tags:
        session.execute(insert(r.ThemeTagRow.__table__), tags)
    _advance_sequences(session, (r.ConferenceRow, r.QuestionnaireResponseRow, r.QuestionnaireTextRow, r.ThemeRow))
    return EvaluationDemo(TERRITORIES, len(rows.referrals), len(rows.answers), PILOT_LOGIN)


def _advance_sequences(session: Session, models) -> None:
    """PostgreSQL: ids given explicitly do not move a table's sequence; move it past them
    so that the next row the app adds gets a free id (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"))


def _definitions(session: Session) -> dict[tuple[str, int], int]:
    """The common questionnaires' definition rows (created when missing)."""
    found = {(q, v): i for i, q, v in session.execute(
        select(r.QuestionnaireDefinitionRow.id, r.QuestionnaireDefinitionRow.questionnaire,
               r.QuestionnaireDefinitionRow.version))}
    for key, definition in QUESTIONNAIRES.items():
        if key not in found:
            row = r.QuestionnaireDefinitionRow(questionnaire=key[0], version=key[1], territory_id=None,
                                               definition=_jsonable(definition))
            session.add(row)
            session.flush()
            found[key] = row.id
    return found


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _phase(referral: Referral) -> Phase:
    if referral.outcome is not None:
        return Phase.CLOSED
    return {Stage.ORIENTED: Phase.ORIENTATION, Stage.PREPARATION: Phase.PREPARATION, Stage.HELD: Phase.VALIDATION,
            Stage.PLAN_ADOPTED: Phase.FOLLOW_UP, Stage.FOLLOWED_UP: Phase.FOLLOW_UP}[referral.stage]


def _conference(out: dict, cid: int, n: int, referral: Referral, territory_id: int, today: date) -> None:
    referred = min(referral.referred_on, today)
    held = referral.stage in _HELD
    adopted = referral.stage in (Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP)
    followed = referral.stage is Stage.FOLLOWED_UP
    meeting = min(referred + timedelta(days=35 + n % 20), today) if held else None
    reviewed = min(meeting + timedelta(days=92), today) if followed and meeting else None
    closed = referral.outcome is not None
    closed_on = min((reviewed or meeting or referred) + timedelta(days=10 + n % 30), today) if closed else None
    out[r.ConferenceRow].append(dict(
        id=cid, territory_id=territory_id, title=f"Situation fictive n° {n + 1:04d} (démo évaluation)",
        phase=_phase(referral).value, field=referral.field.value, situation="Situation inventée pour la démonstration.",
        referral_source=referral.referred_by.value, referent_institution="Service fictif (démo)",
        family_agreement=referral.stage is not Stage.ORIENTED,
        information_duty_met=referral.stage is not Stage.ORIENTED,
        coordinator_institution="Association imaginaire", meeting_date=meeting,
        follow_up_chosen=(True if followed or (adopted and not closed) else (False if adopted else None)),
        review_date=meeting + timedelta(days=90) if meeting and adopted else None,
        resolution=referral.situation_3m.value if referral.situation_3m else None,
        follow_up_completed_at=_at(reviewed) if reviewed else None,
        outcome=referral.outcome.value if referral.outcome else None,
        closure_reason=referral.reason.value if referral.reason else None,
        closed_at=_at(closed_on, 17) if closed_on else None,
        created_at=_at(referred, 9), updated_at=_at(closed_on or reviewed or meeting or referred, 18)))
    out[r.ConsentRow].append(dict(conference_id=cid, kind=ConsentKind.EVALUATION.value,
                                  given=referral.evaluation_consent, recorded_by="Coordinatrice fictive (démo)",
                                  recorded_at=_at(referred, 11)))
    out[r.SynthesisSheetRow].append(dict(
        conference_id=cid, version=1, hours_coordinator=referral.hours_coordinator,
        hours_referent=referral.hours_referent,
        participants={role.value: count for role, count in referral.participants.items()},
        updated_at=_at(closed_on or meeting or referred, 18)))
    if not adopted:
        return
    actions = [{"key": f"A{a.number}", "what": f"Action fictive {a.number}", "who": a.owner_kind,
                "owner_kind": a.owner_kind, "due": "", "when": "", "success_sign": "", "support_needed": ""}
               for a in referral.actions]
    content = {"central_question": "Question fictive de la démonstration.", "bottom_lines": [], "actions": actions,
               "if_not_working": "", "follow_arrangement": "On se revoit dans trois mois."}
    adopted_at = _at(meeting or referred, 15)
    out[r.PlanVersionRow].append(dict(conference_id=cid, number=1, content=content, content_hash=content_hash(content),
                                      adopted_at=adopted_at, adopted_by="Famille fictive (démo)"))
    if referral.ratification is not None:
        out[r.RatificationRow].append(dict(conference_id=cid, decision=referral.ratification.value,
                                           decided_by="Référente fictive (démo)",
                                           recorded_by="Coordinatrice fictive (démo)", decided_at=adopted_at,
                                           content_hash=content_hash(content), plan_number=1))
    if followed:
        out[r.ActionReviewRow] += [dict(conference_id=cid, plan_number=1, action_key=f"A{a.number}",
                                        status=a.status_3m.value if a.status_3m else None, why="", version=1)
                                   for a in referral.actions]
