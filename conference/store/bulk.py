"""Many fictional conferences in one transaction, for benchmarks and load tests.

    ids = insert_fictional_conferences(engine, coordinator_id, 2000, today=date(2026, 11, 23))

The services create one conference in a dozen audited transactions, which is right for
a coordinator and far too slow to fill a database with thousands of them. This helper
writes straight to the tables with SQLAlchemy core ``executemany`` inserts (one statement
per table), so 2,000 conferences with their children take well under a second on SQLite.

It bypasses the services on purpose: no permission check, no audit entry, no domain
validation. Never call it from the app or the ``cercle`` command; only tests use it.
Every row is clearly fictional ("Famille Fictive n° 0042 (banc d'essai)").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from conference import clock
from conference.domain.enums import (
    ActionFollowUp, ChildVoice, Field, InvitationStatus, Outcome, Phase, ReferralSource, Relation,
)
from conference.domain.model import content_hash

from . import models as r
from .territories import territory_for_new_conference

# A realistic spread: most conferences are being prepared or followed up, few sit in the
# meeting itself (it lasts one day), about one in five is closed.
PHASE_MIX: tuple[Phase, ...] = (
    Phase.ORIENTATION, Phase.PREPARATION, Phase.PREPARATION, Phase.INFORMATION_SHARING, Phase.PRIVATE_TIME,
    Phase.VALIDATION, Phase.FOLLOW_UP, Phase.FOLLOW_UP, Phase.CLOSED, Phase.CLOSED,
)

_FIELDS = tuple(Field)
_PEOPLE = (
    ("Mamie Fictive", Relation.FAMILY, 1), ("Oncle Imaginaire", Relation.FAMILY, 1),
    ("Marraine Inventée", Relation.FRIEND, 1), ("Voisin Fictif", Relation.NEIGHBOUR, 2),
    ("Cousine Imaginaire", Relation.FAMILY, 2), ("Paire aidante fictive", Relation.PEER_SUPPORTER, 3),
    ("Experte fictive", Relation.EXPERT, 3), ("Ami de la famille (fictif)", Relation.FRIEND, 2),
)
_AFTER_MEETING = {Phase.PRIVATE_TIME, Phase.VALIDATION, Phase.FOLLOW_UP, Phase.CLOSED}


def insert_fictional_conferences(engine: Engine, coordinator_id: int, count: int, *, today: date | None = None,
                                 participants: int = 6) -> range:
    """Insert ``count`` fictional conferences of ``coordinator_id`` with their children.

    Each conference gets a phase from ``PHASE_MIX`` (in turn), a central question with
    two parts, a bottom line, ``participants`` network members (the first one focal),
    a meeting date around ``today``, a plan draft with two actions once past the meeting,
    and an adopted plan with its action reviews in follow-up and when closed.
    ``updated_at`` is spread over the last two years so the home page's ordering has
    work to do.

    Writes in one transaction (all or nothing), not audited. Returns the new ids, which
    follow the highest existing id. Raises ``ValueError`` for a negative ``count``.
    """
    if count < 0:
        raise ValueError("count must be zero or more")
    today = today or clock.today()
    now = datetime.combine(today, datetime.min.time()).replace(hour=12)
    people = max(1, min(participants, len(_PEOPLE) + 1))
    with engine.begin() as connection:
        first = _next_id(connection, r.ConferenceRow)
        ids = range(first, first + count)
        with Session(bind=connection) as session:
            territory = territory_for_new_conference(session, coordinator_id)
            session.flush()
        rows: dict[type, list[dict]] = {model: [] for model in (
            r.ConferenceRow, r.QuestionVersionRow, r.QuestionPartRow, r.BottomLineRow, r.ParticipantRow,
            r.PlanDraftRow, r.PlanActionRow, r.PlanVersionRow, r.ActionReviewRow)}
        next_participant = _next_id(connection, r.ParticipantRow)
        next_draft = _next_id(connection, r.PlanDraftRow)
        for n, cid in enumerate(ids):
            phase = PHASE_MIX[n % len(PHASE_MIX)]
            name = f"Famille Fictive n° {cid:04d} (banc d'essai)"
            updated = now - timedelta(days=730 * (n + 1) / max(count, 1), hours=n % 24)
            created = updated - timedelta(days=1 + n % 30)
            meeting = today + timedelta(days=(n % 60) - 20) if phase is not Phase.ORIENTATION else None
            rows[r.ConferenceRow].append(dict(
                id=cid, territory_id=territory, title=name, phase=phase.value, field=_FIELDS[n % len(_FIELDS)].value,
                situation="Situation fictive écrite pour les mesures de performance.",
                referral_source=ReferralSource.PROFESSIONAL.value, referent_institution="Service fictif (démo)",
                referent_name="Référent Fictif", family_agreement=phase is not Phase.ORIENTATION,
                information_duty_met=phase is not Phase.ORIENTATION, coordinator_id=coordinator_id,
                coordinator_institution="Association Imaginaire", concerns="Inquiétude fictive.",
                meeting_date=meeting, meeting_place="Salle fictive" if meeting else "",
                child_voice=ChildVoice.NOT_APPLICABLE.value,
                follow_up_chosen=True if phase in (Phase.FOLLOW_UP, Phase.CLOSED) else None,
                review_date=meeting + timedelta(days=90) if meeting and phase in (Phase.FOLLOW_UP, Phase.CLOSED)
                else None,
                outcome=Outcome.PLAN_ADOPTED.value if phase is Phase.CLOSED else None,
                closed_at=updated if phase is Phase.CLOSED else None,
                created_at=created, updated_at=updated,
            ))
            question = "Comment la famille fictive s'organise-t-elle pour que l'enfant soit bien entouré ?"
            rows[r.QuestionVersionRow].append(dict(
                conference_id=cid, number=1, text=question, problem="Un problème fictif.", for_whom="Pour l'enfant.",
                what_different="L'enfant n'est jamais seul.", created_at=created))
            rows[r.QuestionPartRow] += [dict(conference_id=cid, text="Le soir"),
                                        dict(conference_id=cid, text="Le week-end")]
            rows[r.BottomLineRow].append(dict(conference_id=cid, text="L'enfant n'est jamais seul la nuit."))
            owners = []
            for k in range(people):
                pid = next_participant
                next_participant += 1
                if k == 0:
                    rows[r.ParticipantRow].append(dict(id=pid, conference_id=cid, name="Enfant fictif",
                                                       relation=Relation.FAMILY.value, ring=None, is_focal=True,
                                                       invitation=InvitationStatus.CONFIRMED.value))
                    continue
                who, relation, ring = _PEOPLE[(k - 1 + n) % len(_PEOPLE)]
                rows[r.ParticipantRow].append(dict(id=pid, conference_id=cid, name=who, relation=relation.value,
                                                   ring=ring, is_focal=False,
                                                   invitation=InvitationStatus.CONFIRMED.value))
                owners.append((pid, who))
            if phase not in _AFTER_MEETING:
                continue
            draft_id = next_draft
            next_draft += 1
            rows[r.PlanDraftRow].append(dict(id=draft_id, conference_id=cid, if_not_working="Appeler la cousine.",
                                             follow_arrangement="On se revoit dans trois mois.", updated_at=created))
            actions = []
            for position, (pid, who) in enumerate(owners[:2] or [(None, "")], start=1):
                due = (meeting or today) + timedelta(days=7 * position)
                rows[r.PlanActionRow].append(dict(
                    draft_id=draft_id, position=position, what=f"Action fictive {position}", who_id=pid, due=due,
                    when_text="Chaque semaine", success_sign="Tout le monde le voit.", parts=[], bottom_lines=[]))
                actions.append({"key": f"A{position}", "what": f"Action fictive {position}", "who": who,
                                "due": due.isoformat(), "when": "Chaque semaine",
                                "success_sign": "Tout le monde le voit.", "support_needed": ""})
            if phase not in (Phase.FOLLOW_UP, Phase.CLOSED):
                continue
            content = {"central_question": question, "bottom_lines": ["L'enfant n'est jamais seul la nuit."],
                       "actions": actions, "if_not_working": "Appeler la cousine.",
                       "follow_arrangement": "On se revoit dans trois mois."}
            rows[r.PlanVersionRow].append(dict(conference_id=cid, number=1, content=content,
                                               content_hash=content_hash(content), adopted_at=created,
                                               adopted_by="Coordinatrice Fictive"))
            rows[r.ActionReviewRow] += [dict(conference_id=cid, plan_number=1, action_key=a["key"],
                                             status=ActionFollowUp.DONE.value, why="") for a in actions]
        # Parents before children, so the foreign keys (enforced on SQLite) hold.
        for model, values in rows.items():
            if values:
                connection.execute(insert(model.__table__), values)
    return ids


def _next_id(connection, model) -> int:
    return (connection.scalar(select(func.max(model.__table__.c.id))) or 0) + 1
