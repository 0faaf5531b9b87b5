"""The meeting's information-sharing part: attendance and what was shared."""
from __future__ import annotations

from conference.domain.enums import Attendance, InfoKind
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean, enum_value, guard


def set_attendance(actor: Actor, conference_id: int, participant_id: int, attendance: Attendance | str | None,
                   expected_version: int, *, uow: UnitOfWork) -> int:
    """Present, absent or excused (``None`` clears it). Returns the member's new version."""
    value = enum_value(Attendance, attendance, "attendance", required=False)
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "set_attendance")
        row = uow.conferences.child(r.ParticipantRow, participant_id, conference_id)
        check_version("participant", row, expected_version)
        row.attendance = value.value if value else None
        uow.flush()
        uow.audit.record(actor, "attendance.set", "participant", participant_id, conference_id=conference_id)
        uow.commit()
        return row.version


def add_info_item(actor: Actor, conference_id: int, kind: InfoKind | str, text: str, *, answer: str = "",
                  author: str = "", uow: UnitOfWork) -> int:
    """Something shared in the meeting: a concern, an expert's answer, a question, a resource."""
    kind = enum_value(InfoKind, kind, "kind")
    text = clean(text, "text", required=True, limit=5000)
    answer = clean(answer, "answer", limit=5000)
    author = clean(author, "author", limit=MAX_SHORT)
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "add_info_item")
        row = r.InfoItemRow(conference_id=conference_id, kind=kind.value, text=text, answer=answer, author=author)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "info_item.added", "info_item", row.id, conference_id=conference_id)
        uow.commit()
        return row.id


def answer_info_item(actor: Actor, conference_id: int, item_id: int, answer: str, *, uow: UnitOfWork) -> None:
    """Record the answer given to a family question (or complete an expert's answer)."""
    answer = clean(answer, "answer", limit=5000)
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "answer_info_item")
        row = uow.conferences.child(r.InfoItemRow, item_id, conference_id)
        row.answer = answer
        uow.audit.record(actor, "info_item.answered", "info_item", item_id, conference_id=conference_id)
        uow.commit()


def remove_info_item(actor: Actor, conference_id: int, item_id: int, *, uow: UnitOfWork) -> None:
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "remove_info_item")
        uow.session.delete(uow.conferences.child(r.InfoItemRow, item_id, conference_id))
        uow.audit.record(actor, "info_item.removed", "info_item", item_id, conference_id=conference_id)
        uow.commit()
