"""Questionnaire definitions as data (issue 9): the common ones, seeded from the codebook,
and a territory's own versions with its extra questions.

The table ``questionnaire_definitions`` holds every version ever shown. A version is never
changed once written (answers keep the version they were given with): a territory adding
or removing a question writes a new version, which becomes the territory's active one.

Version numbers share one space per questionnaire (a unique constraint): the common
codebook's versions stay below ``TERRITORY_VERSIONS_FROM`` (101), a territory's versions
start there, so a later common version 2 in the code never collides with a territory's.
A territory's version is built on one common version (``base_version``): when the code
brings a newer common version, the territory's own questions wait until its pilot adds
or removes a question (which rebuilds them on the newest common version).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.evaluation import codebook
from conference.evaluation.types import ParticipantRole
from conference.security import evaluation_rules as er
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.territories import territory_ids_of
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean

ADULT = "end_of_conference"
CHILD = "end_of_conference_child"
COMMON_IDS = (ADULT, CHILD)
TERRITORY_VERSIONS_FROM = 101
#: What a territory's own question may be: its scale, as ``answer_findings`` checks it.
QUESTION_KINDS: dict[str, dict[str, Any]] = {
    "open": {},
    "likert": {"scale": [1, 5]},
    "yes_no": {"scale": [0, 1]},
}
MAX_TERRITORY_QUESTIONS = 10


@dataclass(frozen=True)
class TerritoryQuestion:
    """A question a territory added to a questionnaire (outside the common codebook)."""

    questionnaire: str
    question_id: str
    label: str  # as the pilot typed it (French)
    kind: str  # open, likert, yes_no
    version: int  # the territory's current version of the questionnaire


def questionnaire_for(role: ParticipantRole | str) -> str:
    """The child version for a child, the adult one for every other role."""
    return CHILD if ParticipantRole(role) is ParticipantRole.CHILD else ADULT


def normalised(definition: dict) -> dict:
    """A definition read back from JSON: the faces' words keyed by int again (JSON keeps
    only string keys)."""
    out = copy.deepcopy(definition)
    for q in out.get("questions", []):
        if isinstance(q.get("words"), dict):
            q["words"] = {int(k): v for k, v in q["words"].items()}
    return out


def ensure_common_definitions(session: Session) -> bool:
    """Write the codebook's questionnaire versions missing from the table (territory
    empty), in the caller's transaction; True when something was added. Idempotent, and
    safe when another process seeds at the same time (a savepoint absorbs the clash)."""
    have = set(session.execute(select(r.QuestionnaireDefinitionRow.questionnaire,
                                      r.QuestionnaireDefinitionRow.version)).all())
    added = False
    for (qid, version), definition in sorted(codebook.QUESTIONNAIRES.items()):
        if (qid, version) in have:
            continue
        try:
            with session.begin_nested():
                session.add(r.QuestionnaireDefinitionRow(questionnaire=qid, version=version, territory_id=None,
                                                         definition=copy.deepcopy(definition), active=True))
            added = True
        except IntegrityError:  # seeded by another process meanwhile: theirs is the same data
            pass
    return added


def _latest(session: Session, questionnaire: str, territory_id: int | None) -> r.QuestionnaireDefinitionRow:
    """The version to show for ``territory_id``: its own active version when it is built on
    the latest common one, else the latest common version."""
    d = r.QuestionnaireDefinitionRow
    common = session.scalar(select(d).where(d.questionnaire == questionnaire, d.territory_id.is_(None), d.active)
                            .order_by(d.version.desc()).limit(1))
    if common is None:
        raise NotFound("questionnaire", questionnaire)
    if territory_id is None:
        return common
    own = _territory_version(session, questionnaire, territory_id)
    if own is not None and own.definition.get("base_version") == common.version:
        return own
    return common


def _territory_version(session: Session, questionnaire: str, territory_id: int) -> r.QuestionnaireDefinitionRow | None:
    d = r.QuestionnaireDefinitionRow
    return session.scalar(select(d).where(d.questionnaire == questionnaire, d.territory_id == territory_id, d.active)
                          .order_by(d.version.desc()).limit(1))


def current_definition(session: Session, questionnaire: str, territory_id: int | None) -> r.QuestionnaireDefinitionRow:
    """The definition row shown to a conference of ``territory_id`` (seeds on first need)."""
    ensure_common_definitions(session)
    return _latest(session, questionnaire, territory_id)


def usable_definition(session: Session, questionnaire: str, version: int,
                      territory_id: int | None) -> r.QuestionnaireDefinitionRow:
    """A version an answer of a conference of ``territory_id`` may name: a common one or
    the territory's own (a screen opened before the territory added a question keeps
    the version it showed)."""
    ensure_common_definitions(session)
    d = r.QuestionnaireDefinitionRow
    row = session.scalar(select(d).where(d.questionnaire == questionnaire, d.version == version))
    if row is None or (row.territory_id is not None and row.territory_id != territory_id):
        raise InvalidInput("questionnaire_version", "unknown_value", value=f"{questionnaire} v{version}")
    return row


# --- a territory's own questions -----------------------------------------------------------

def _check_manager(uow: UnitOfWork, actor: Actor, territory_id: int, action: str) -> None:
    if uow.session.get(r.TerritoryRow, territory_id) is None:
        raise NotFound("territory", territory_id)
    scope = er.TerritoryScope(given=territory_ids_of(uow.session, actor.id) if actor.id is not None else frozenset())
    if not er.can_manage_evaluation(actor, territory_id, scope):
        raise Forbidden(action, territory_id)


def _own_questions(definition: dict) -> list[dict]:
    return [q for q in definition["questions"] if not q.get("core")]


def _own(session: Session, questionnaire: str, territory_id: int) -> list[dict]:
    """The territory's own questions in its active version (none yet: empty)."""
    row = _territory_version(session, questionnaire, territory_id)
    return _own_questions(row.definition) if row is not None else []


def _write_version(uow: UnitOfWork, questionnaire: str, territory_id: int, questions: list[dict]) -> int:
    """A new territory version: the latest common version plus ``questions``; the earlier
    territory versions stay as they were (answers point at them), only set inactive."""
    session = uow.session
    d = r.QuestionnaireDefinitionRow
    common = _latest(session, questionnaire, None)
    highest = session.scalar(select(func.max(d.version)).where(d.questionnaire == questionnaire)) or 0
    version = max(highest + 1, TERRITORY_VERSIONS_FROM)
    definition = codebook.with_territory_questions(normalised(common.definition), version=version,
                                                   questions=questions)
    definition["base_version"] = common.version
    definition["territory_id"] = territory_id
    for old in session.scalars(select(d).where(d.questionnaire == questionnaire, d.territory_id == territory_id,
                                               d.active)):
        old.active = False
    session.add(d(questionnaire=questionnaire, version=version, territory_id=territory_id, definition=definition,
                  active=True))
    session.flush()
    return version


def add_territory_question(actor: Actor, territory_id: int, questionnaire_id: str, label: str, kind: str, *,
                           uow: UnitOfWork) -> int:
    """Add a question of the territory's own to a questionnaire (adult or child version):
    writes a new version (latest common version + the territory's questions + this one)
    and returns its number. Answered versions never change. Pilots of the territory (and
    the single user of a local install) only; audited with the question's kind, never
    its wording. Raises ``InvalidInput`` (label, kind, questionnaire), ``Forbidden``,
    ``NotFound`` (territory)."""
    label = clean(label, "label", required=True, limit=MAX_SHORT)
    if kind not in QUESTION_KINDS:
        raise InvalidInput("kind", "unknown_value", value=str(kind))
    if questionnaire_id not in COMMON_IDS:
        raise InvalidInput("questionnaire", "unknown_value", value=str(questionnaire_id))
    with uow:
        _check_manager(uow, actor, territory_id, "add_territory_question")
        ensure_common_definitions(uow.session)
        own = _own(uow.session, questionnaire_id, territory_id)
        if len(own) >= MAX_TERRITORY_QUESTIONS:
            raise InvalidInput("label", "too_many", maximum=MAX_TERRITORY_QUESTIONS)
        if any(q["label"].casefold() == label.casefold() for q in own):
            raise InvalidInput("label", "taken")
        taken = {q["id"] for q in own}
        number = 1 + max((int(q["id"].rsplit("_", 1)[1]) for q in own), default=0)
        question_id = f"t{territory_id}_{number}"
        while question_id in taken:  # defensive: ids stay unique within a version
            number += 1
            question_id = f"t{territory_id}_{number}"
        question = {"id": question_id, "kind": kind, **QUESTION_KINDS[kind], "label": label}
        version = _write_version(uow, questionnaire_id, territory_id, [*own, question])
        uow.audit.record(actor, "questionnaire.question_added", "territory", territory_id,
                         questionnaire=questionnaire_id, version=version, kind=kind)
        uow.commit()
        return version


def remove_territory_question(actor: Actor, territory_id: int, questionnaire_id: str, question_id: str, *,
                              uow: UnitOfWork) -> int:
    """Stop asking one of the territory's own questions: a new version without it (the
    answers already given keep theirs). Returns the new version. Same checks as adding."""
    with uow:
        _check_manager(uow, actor, territory_id, "remove_territory_question")
        ensure_common_definitions(uow.session)
        own = _own(uow.session, questionnaire_id, territory_id)
        if question_id not in {q["id"] for q in own}:
            raise NotFound("territory_question", question_id)
        version = _write_version(uow, questionnaire_id, territory_id, [q for q in own if q["id"] != question_id])
        uow.audit.record(actor, "questionnaire.question_removed", "territory", territory_id,
                         questionnaire=questionnaire_id, version=version)
        uow.commit()
        return version


def list_territory_questions(actor: Actor, territory_id: int, *, uow: UnitOfWork) -> list[TerritoryQuestion]:
    """The questions the territory asks beside the common ones, in both questionnaires
    (adult first), with the version they are in. Pilots of the territory only."""
    with uow:
        _check_manager(uow, actor, territory_id, "list_territory_questions")
        added = ensure_common_definitions(uow.session)
        result = []
        for questionnaire in COMMON_IDS:
            current = _territory_version(uow.session, questionnaire, territory_id)
            if current is not None:
                result += [TerritoryQuestion(questionnaire, q["id"], q["label"], q["kind"], current.version)
                           for q in _own_questions(current.definition)]
        if added:
            uow.commit()
        return result
