"""Evaluation data written straight into the tables, for the dashboard's tests and benchmark.

``seed_situation`` writes one situation the way the services leave it (conference row,
plan version, ratification, consent, synthesis sheet, action reviews, answers and open
answers), so a test states the facts and computes the expected figures by hand.
``bulk_load`` writes the demo generator's rows with Core ``executemany`` (benchmarks).
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date, datetime, time

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from conference.domain.enums import ConsentKind, Outcome, Phase
from conference.evaluation.types import EvaluationRows, Stage
from conference.store import models as r
from conference.store import models_evaluation as e

FAMILY_NAME = "Famille Moreau-Diallo"  # SCENARIOS.md: must never reach a dashboard
SECRET_TEXT = "Inès Moreau a parlé à sa tante Awa"  # an open answer without quote consent


@dataclass
class Situation:
    territory_id: int
    created: date
    phase: Phase = Phase.CLOSED
    outcome: Outcome | None = None
    reason: str | None = None
    field: str = "enfance"
    source: str = "professional"
    consent: bool | None = True  # None: never asked
    agreed: bool = True  # the orientation's conditions met (family agreement, duty to inform)
    plan: bool = False
    meeting: date | None = None
    resolution: str | None = None
    hours: tuple[float | None, float | None] = (None, None)
    participants: dict = dc_field(default_factory=dict)
    actions: tuple[str | None, ...] = ()  # status of each action of the adopted plan at three months
    answers: tuple[tuple[str, int | None], ...] = ()  # (role, score)
    faces: tuple[int, ...] = ()  # children's answers
    text: str = ""  # an open answer given with the first answer (no quote consent)
    indicator: tuple[int, float] | None = None  # (territory indicator id, value)


def territory(session: Session, code: str, name: str) -> int:
    row = r.TerritoryRow(code=code, name=name)
    session.add(row)
    session.flush()
    return row.id


def definition(session: Session) -> int:
    found = session.scalar(select(e.QuestionnaireDefinitionRow.id).where(
        e.QuestionnaireDefinitionRow.questionnaire == "test_adult"))
    if found:
        return found
    row = e.QuestionnaireDefinitionRow(questionnaire="test_adult", version=1, definition={"questions": []})
    session.add(row)
    session.flush()
    return row.id


def seed_situation(session: Session, s: Situation) -> int:
    created = datetime.combine(s.created, time(9, 0))
    conf = r.ConferenceRow(title=FAMILY_NAME, phase=s.phase.value, field=s.field, referral_source=s.source,
                           territory_id=s.territory_id, created_at=created, meeting_date=s.meeting,
                           family_agreement=s.agreed and s.phase is not Phase.ORIENTATION,
                           information_duty_met=s.agreed and s.phase is not Phase.ORIENTATION,
                           outcome=s.outcome.value if s.outcome else None, closure_reason=s.reason,
                           resolution=s.resolution, referent_name="Mme Fictive Référente",
                           closed_at=datetime.combine(s.created, time(18, 0)) if s.outcome and s.phase is Phase.CLOSED
                           else None)
    if s.meeting and s.outcome:
        conf.closed_at = datetime.combine(max(s.meeting, s.created), time(18, 0))
    session.add(conf)
    session.flush()
    if s.plan:
        session.add(r.PlanVersionRow(conference_id=conf.id, number=1, content={"actions": []}, content_hash="x",
                                     adopted_by="Coordinatrice Fictive"))
        session.add(r.RatificationRow(conference_id=conf.id, decision="ratified", decided_by="Mme Fictive",
                                      recorded_by="Coordinatrice Fictive", content_hash="x", plan_number=1))
    for k, status in enumerate(s.actions):
        session.add(r.ActionReviewRow(conference_id=conf.id, plan_number=1, action_key=f"a{k + 1}", status=status))
    if s.consent is not None:
        session.add(r.ConsentRow(conference_id=conf.id, kind=ConsentKind.EVALUATION.value, given=s.consent,
                                 recorded_by="Coordinatrice Fictive"))
    if s.hours != (None, None) or s.participants:
        session.add(e.SynthesisSheetRow(conference_id=conf.id, hours_coordinator=s.hours[0],
                                        hours_referent=s.hours[1], participants=s.participants))
    definition_id = definition(session)
    responses = [e.QuestionnaireResponseRow(conference_id=conf.id, definition_id=definition_id,
                                            questionnaire="test_adult", questionnaire_version=1, role=role,
                                            channel="shared_screen", score=score, items={"felt_heard": 1})
                 for role, score in s.answers]
    responses += [e.QuestionnaireResponseRow(conference_id=conf.id, definition_id=definition_id,
                                             questionnaire="test_child", questionnaire_version=1, role="child",
                                             channel="family_link", score=None, items={"faces": faces})
                  for faces in s.faces]
    session.add_all(responses)
    session.flush()
    if s.text and responses:
        session.add(e.QuestionnaireTextRow(response_id=responses[0].id, question="what_changed", text=s.text))
    if s.indicator:
        session.add(e.IndicatorValueRow(indicator_id=s.indicator[0], conference_id=conf.id, value=s.indicator[1]))
    session.flush()
    return conf.id


# --- bulk (benchmarks) -----------------------------------------------------------------

_PHASE_OF = {Stage.ORIENTED: Phase.ORIENTATION, Stage.PREPARATION: Phase.PREPARATION, Stage.HELD: Phase.VALIDATION,
             Stage.PLAN_ADOPTED: Phase.FOLLOW_UP, Stage.FOLLOWED_UP: Phase.FOLLOW_UP}


def bulk_load(engine, rows: EvaluationRows, territory_ids: dict[str, int]) -> int:
    """The demo generator's situations and answers as rows (no texts), in one transaction
    per table; returns how many conferences were written."""
    with engine.begin() as connection:
        start = (connection.scalar(select(r.ConferenceRow.id).order_by(r.ConferenceRow.id.desc()).limit(1)) or 0) + 1
        conferences, plans, reviews, consents, sheets = [], [], [], [], []
        ids = {}
        for k, ref in enumerate(rows.referrals):
            cid = start + k
            ids[ref.ref] = cid
            closed = ref.outcome is not None
            phase = Phase.CLOSED if closed else _PHASE_OF[ref.stage]
            met = ref.stage in (Stage.HELD, Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP)
            created = datetime.combine(ref.referred_on, time(9, 0))
            conferences.append(dict(
                id=cid, title=f"Famille Fictive n° {cid} (banc d'essai)", phase=phase.value, field=ref.field.value,
                referral_source=ref.referred_by.value, territory_id=territory_ids[ref.territory],
                created_at=created, updated_at=created, version=1, meeting_date=ref.referred_on if met else None,
                family_agreement=ref.stage is not Stage.ORIENTED, information_duty_met=ref.stage is not Stage.ORIENTED,
                outcome=ref.outcome.value if ref.outcome else None,
                closure_reason=ref.reason.value if ref.reason else None,
                resolution=ref.situation_3m.value if ref.situation_3m else None,
                closed_at=created if closed else None))
            if ref.stage in (Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP):
                plans.append(dict(conference_id=cid, number=1, content={}, content_hash="x", adopted_at=created,
                                  adopted_by="banc d'essai"))
            reviews += [dict(conference_id=cid, plan_number=1, action_key=f"a{a.number}", version=1,
                             status=a.status_3m.value if a.status_3m else None, why="") for a in ref.actions]
            consents.append(dict(conference_id=cid, kind=ConsentKind.EVALUATION.value, given=ref.evaluation_consent,
                                 note="", recorded_by="banc d'essai", recorded_at=created))
            if ref.hours_coordinator is not None or ref.participants:
                sheets.append(dict(conference_id=cid, hours_coordinator=ref.hours_coordinator,
                                   hours_referent=ref.hours_referent, version=1, note="", updated_at=created,
                                   participants={p.value: n for p, n in ref.participants.items()}))
        connection.execute(insert(r.ConferenceRow), conferences)
        for model, values in ((r.PlanVersionRow, plans), (r.ActionReviewRow, reviews), (r.ConsentRow, consents),
                              (e.SynthesisSheetRow, sheets)):
            if values:
                connection.execute(insert(model), values)
        definition_id = connection.scalar(select(e.QuestionnaireDefinitionRow.id).limit(1))
        if definition_id is None:
            definition_id = connection.execute(insert(e.QuestionnaireDefinitionRow).values(
                questionnaire="bench", version=1, definition={}, active=True, created_at=datetime(2026, 1, 1))
            ).inserted_primary_key[0]
        answers = [dict(conference_id=ids[a.conference_ref], definition_id=definition_id,
                        questionnaire=a.questionnaire_id, questionnaire_version=a.questionnaire_version,
                        role=a.role.value, channel="transcribed" if a.transcribed else "shared_screen", score=a.score,
                        items=dict(a.items), quote_consent=a.quote_consent.value, created_at=datetime(2026, 1, 1))
                   for a in rows.answers]
        for k in range(0, len(answers), 50_000):
            connection.execute(insert(e.QuestionnaireResponseRow), answers[k:k + 50_000])
    return len(conferences)


def load_rows(engine, rows: EvaluationRows) -> dict[str, int]:
    """``rows`` into the database of ``engine``, one territory per name they use (codes
    t0, t1…, in name order); those territories' ids by name."""
    from conference.store.db import session_factory

    with session_factory(engine)() as session:
        names = sorted({x.territory for x in rows.referrals})
        ids = {name: territory(session, f"t{k}", name) for k, name in enumerate(names)}
        session.commit()
    bulk_load(engine, rows, ids)
    return ids
