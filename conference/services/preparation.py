"""Preparation: central question, concerns and bottom lines, participants, logistics,
the meeting's date and place, the child's voice."""
from __future__ import annotations

from datetime import date

from conference.domain.enums import Attendance, ChildVoice, InvitationStatus, LogisticsKind, Relation
from conference.domain.errors import InvalidInput, StaleWrite
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean, enum_value, guard


def _edit(uow: UnitOfWork, actor: Actor, conference_id: int, action: str) -> None:
    guard(uow, actor, conference_id, rules.can_edit_conference, action)


# --- central question ------------------------------------------------------------------

def save_central_question(actor: Actor, conference_id: int, text: str, *, expected_number: int,
                          problem: str = "", for_whom: str = "", what_different: str = "",
                          uow: UnitOfWork) -> int:
    """Record a new version of the central question, in the family's words.

    ``expected_number`` is the version the user was looking at (0 when there was none);
    a newer one saved meanwhile raises ``StaleWrite``. Saving the same words again
    creates no version. Returns the current version number.
    """
    text = clean(text, "question", required=True, limit=1000)
    prompts = {k: clean(v, k, limit=2000) for k, v in
               (("problem", problem), ("for_whom", for_whom), ("what_different", what_different))}
    with uow:
        _edit(uow, actor, conference_id, "save_central_question")
        row = uow.conferences.get(conference_id)
        current = row.questions[-1] if row.questions else None
        number = current.number if current else 0
        if number != expected_number:
            raise StaleWrite("central_question", expected_number, number)
        if current and (current.text, current.problem, current.for_whom, current.what_different) == (
                text, prompts["problem"], prompts["for_whom"], prompts["what_different"]):
            return number
        row.questions.append(r.QuestionVersionRow(conference_id=conference_id, number=number + 1, text=text, **prompts))
        uow.audit.record(actor, "central_question.saved", "conference", conference_id, number=number + 1)
        uow.commit()
        return number + 1


def add_question_part(actor: Actor, conference_id: int, text: str, *, uow: UnitOfWork) -> int:
    """A part of the central question that the plan must answer (e.g. « le soir »)."""
    return _add_text_item(actor, conference_id, r.QuestionPartRow, clean(text, "part", required=True, limit=500),
                          "question_part.added", uow)


def add_bottom_line(actor: Actor, conference_id: int, text: str, *, uow: UnitOfWork) -> int:
    """What must be in any plan, as the referent stated it in plain words."""
    return _add_text_item(actor, conference_id, r.BottomLineRow, clean(text, "bottom_line", required=True, limit=1000),
                          "bottom_line.added", uow)


def remove_question_part(actor: Actor, conference_id: int, part_id: int, *, uow: UnitOfWork) -> None:
    _remove(actor, conference_id, r.QuestionPartRow, part_id, "question_part.removed", uow)


def remove_bottom_line(actor: Actor, conference_id: int, line_id: int, *, uow: UnitOfWork) -> None:
    _remove(actor, conference_id, r.BottomLineRow, line_id, "bottom_line.removed", uow)


def save_concerns(actor: Actor, conference_id: int, concerns: str, expected_version: int, *, uow: UnitOfWork) -> int:
    """The referent's concerns (éléments d'inquiétude), in plain words. Returns the new version."""
    concerns = clean(concerns, "concerns", limit=5000)
    with uow:
        _edit(uow, actor, conference_id, "save_concerns")
        row = uow.conferences.get(conference_id)
        check_version("conference", row, expected_version)
        row.concerns = concerns
        uow.flush()
        uow.audit.record(actor, "concerns.saved", "conference", conference_id)
        uow.commit()
        return row.version


def save_meeting_arrangements(actor: Actor, conference_id: int, expected_version: int, *,
                              meeting_date: date | None, meeting_place: str = "",
                              child_voice: ChildVoice | str | None = None, child_voice_note: str = "",
                              uow: UnitOfWork) -> int:
    """Date and place of the meeting, and how the child's voice will be heard."""
    place = clean(meeting_place, "meeting_place", limit=300)
    voice = enum_value(ChildVoice, child_voice, "child_voice", required=False)
    note = clean(child_voice_note, "child_voice_note", limit=2000)
    with uow:
        _edit(uow, actor, conference_id, "save_meeting_arrangements")
        row = uow.conferences.get(conference_id)
        check_version("conference", row, expected_version)
        row.meeting_date, row.meeting_place = meeting_date, place
        row.child_voice, row.child_voice_note = (voice.value if voice else None), note
        uow.flush()
        uow.audit.record(actor, "meeting.arranged", "conference", conference_id)
        uow.commit()
        return row.version


# --- participants ----------------------------------------------------------------------

PARTICIPANT_TEXT = {"name": MAX_SHORT, "expert_question": 1000, "phone": 60, "email": MAX_SHORT, "note": 2000}


def participant_values(values: dict) -> dict:
    out: dict = {}
    for name, limit in PARTICIPANT_TEXT.items():
        if name in values:
            out[name] = clean(values[name], name, required=name == "name", limit=limit)
    if "relation" in values:
        out["relation"] = enum_value(Relation, values["relation"], "relation").value
    if "invitation" in values:
        out["invitation"] = enum_value(InvitationStatus, values["invitation"], "invitation").value
    if "attendance" in values:
        attendance = enum_value(Attendance, values["attendance"], "attendance", required=False)
        out["attendance"] = attendance.value if attendance else None
    if "ring" in values:
        ring = values["ring"]
        if ring not in (None, 1, 2, 3):
            raise InvalidInput("ring", "unknown_value", value=str(ring))
        out["ring"] = ring
    for flag in ("not_safe", "is_focal"):
        if flag in values:
            out[flag] = bool(values[flag])
    unknown = set(values) - set(PARTICIPANT_TEXT) - {"relation", "invitation", "attendance", "ring", "not_safe", "is_focal"}
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    return out


INVITING = (InvitationStatus.INVITED.value, InvitationStatus.CONFIRMED.value)


def _safety(row: r.ParticipantRow, requested: dict) -> None:
    """A person who is not safe is never invited: asking for it is refused; flagging
    someone already invited withdraws the invitation."""
    if row.not_safe and requested.get("invitation") in INVITING:
        raise InvalidInput("invitation", "not_safe")
    if row.not_safe:
        row.invitation = InvitationStatus.NOT_TO_INVITE.value


def add_participant(actor: Actor, conference_id: int, *, uow: UnitOfWork, **values) -> int:
    """Add a member of the family's network (name, relation, ring, invitation…)."""
    if "name" not in values or "relation" not in values:
        raise InvalidInput("name" if "name" not in values else "relation", "required")
    data = participant_values(values)
    with uow:
        _edit(uow, actor, conference_id, "add_participant")
        row = r.ParticipantRow(conference_id=conference_id, **{"invitation": InvitationStatus.TO_INVITE.value, **data})
        _safety(row, data)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "participant.added", "participant", row.id, conference_id=conference_id)
        uow.commit()
        return row.id


def update_participant(actor: Actor, conference_id: int, participant_id: int, expected_version: int, *,
                       uow: UnitOfWork, **values) -> int:
    """Change some fields of a member; returns the new version (``StaleWrite`` if outdated)."""
    data = participant_values(values)
    with uow:
        _edit(uow, actor, conference_id, "update_participant")
        row = uow.conferences.child(r.ParticipantRow, participant_id, conference_id)
        check_version("participant", row, expected_version)
        for name, value in data.items():
            setattr(row, name, value)
        _safety(row, data)
        uow.flush()
        uow.audit.record(actor, "participant.updated", "participant", participant_id,
                         conference_id=conference_id, fields=sorted(data))
        uow.commit()
        return row.version


def remove_participant(actor: Actor, conference_id: int, participant_id: int, *, uow: UnitOfWork) -> None:
    _remove(actor, conference_id, r.ParticipantRow, participant_id, "participant.removed", uow)


# --- logistics -------------------------------------------------------------------------

def _owner(uow: UnitOfWork, conference_id: int, owner_id: int | None) -> int | None:
    if owner_id is None:
        return None
    owner = uow.conferences.child(r.ParticipantRow, owner_id, conference_id)
    if owner.not_safe:
        raise InvalidInput("owner", "not_safe")
    return owner.id


def add_logistics_task(actor: Actor, conference_id: int, kind: LogisticsKind | str, description: str,
                       owner_id: int | None, *, uow: UnitOfWork) -> int:
    """A practical task owned by a member of the network (venue, travel, meal…)."""
    kind = enum_value(LogisticsKind, kind, "kind")
    description = clean(description, "description", required=True, limit=1000)
    with uow:
        _edit(uow, actor, conference_id, "add_logistics_task")
        row = r.LogisticsRow(conference_id=conference_id, kind=kind.value, description=description,
                             owner_id=_owner(uow, conference_id, owner_id))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "logistics.added", "logistics", row.id, conference_id=conference_id)
        uow.commit()
        return row.id


def update_logistics_task(actor: Actor, conference_id: int, task_id: int, expected_version: int, *,
                          done: bool | None = None, owner_id: int | None = -1, description: str | None = None,
                          uow: UnitOfWork) -> int:
    """Tick a task done, change its owner (``owner_id=None`` clears it) or its wording."""
    with uow:
        _edit(uow, actor, conference_id, "update_logistics_task")
        row = uow.conferences.child(r.LogisticsRow, task_id, conference_id)
        check_version("logistics", row, expected_version)
        if done is not None:
            row.done = bool(done)
        if owner_id != -1:
            row.owner_id = _owner(uow, conference_id, owner_id)
        if description is not None:
            row.description = clean(description, "description", required=True, limit=1000)
        uow.flush()
        uow.audit.record(actor, "logistics.updated", "logistics", task_id, conference_id=conference_id)
        uow.commit()
        return row.version


def remove_logistics_task(actor: Actor, conference_id: int, task_id: int, *, uow: UnitOfWork) -> None:
    _remove(actor, conference_id, r.LogisticsRow, task_id, "logistics.removed", uow)


# --- shared helpers --------------------------------------------------------------------

def _add_text_item(actor: Actor, conference_id: int, model, text: str, action: str, uow: UnitOfWork) -> int:
    with uow:
        _edit(uow, actor, conference_id, action)
        row = model(conference_id=conference_id, text=text)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, action, model.__tablename__, row.id, conference_id=conference_id)
        uow.commit()
        return row.id


def _remove(actor: Actor, conference_id: int, model, ident: int, action: str, uow: UnitOfWork) -> None:
    with uow:
        _edit(uow, actor, conference_id, action)
        uow.session.delete(uow.conferences.child(model, ident, conference_id))
        uow.audit.record(actor, action, model.__tablename__, ident, conference_id=conference_id)
        uow.commit()
