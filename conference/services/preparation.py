"""Preparation: central question, concerns and bottom lines, participants, logistics,
the meeting's date and place, the child's voice."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from conference.domain.enums import Attendance, ChildVoice, InvitationStatus, LogisticsKind, Relation, Support
from conference.domain import safety
from conference.domain.errors import InvalidInput, StaleWrite
from conference.domain.model import Participant
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
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


def add_bottom_lines(actor: Actor, conference_id: int, text: str, *, uow: UnitOfWork) -> list[int]:
    """Several bottom lines typed at once, one per line (blank lines skipped), in one
    transaction; each audited as ``add_bottom_line`` does. Returns their ids in order."""
    lines = [clean(line, "bottom_line", required=True, limit=1000) for line in (text or "").splitlines()
             if line.strip()]
    if not lines:
        raise InvalidInput("bottom_line", "required")
    with uow:
        _edit(uow, actor, conference_id, "bottom_line.added")
        rows = [r.BottomLineRow(conference_id=conference_id, text=line) for line in lines]
        for row in rows:
            uow.add(row)
        uow.flush()
        for row in rows:
            uow.audit.record(actor, "bottom_line.added", r.BottomLineRow.__tablename__, row.id,
                             conference_id=conference_id)
        uow.commit()
        return [row.id for row in rows]


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


def _flags(row: r.ParticipantRow) -> Participant:
    """The safety facts of a row (new rows included), for ``conference.domain.safety``."""
    return Participant(id=row.id or 0, name="", relation=Relation.FAMILY, not_safe=bool(row.not_safe))


def _safety(row: r.ParticipantRow, requested: dict) -> None:
    """A person who is not safe is never invited: asking for it is refused; flagging
    someone already invited withdraws the invitation."""
    if not safety.can_be_invited(_flags(row)) and requested.get("invitation") in INVITING:
        raise InvalidInput("invitation", "not_safe")
    if not safety.can_be_invited(_flags(row)):
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
    if not safety.can_own_task(mapping.participant(owner)):
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


# --- several people at once ------------------------------------------------------------
# The coordinator enters a network in one table or one pasted list, and corrects it in one
# table: every row is checked first, then all of them are written in ONE transaction with
# ONE audit entry. A bad row refuses the whole batch (``InvalidRow`` names its line), so a
# half-entered list never lands in the database.

MAX_ROWS = 500
# What a blank cell means. The relation defaults to family (most names a family gives are
# relatives); a blank ring follows the relation (the map's usual place for it); the
# invitation follows the safety flag (``_safety``: a person not safe is never invited).
DEFAULT_RELATION = Relation.FAMILY
DEFAULT_RING: dict[Relation, int] = {
    Relation.TRUSTED_PERSON: 1, Relation.FAMILY: 2, Relation.FRIEND: 2, Relation.NEIGHBOUR: 3,
    Relation.COLLEAGUE: 3, Relation.PEER_SUPPORTER: 3, Relation.PROFESSIONAL: 3, Relation.EXPERT: 3,
}
BULK_FIELDS = frozenset({*PARTICIPANT_TEXT, "relation", "ring", "invitation", "not_safe", "is_focal", "supports"})


class InvalidRow(InvalidInput):
    """One row of a batch breaks a rule: ``line`` (1-based, as the user counts) and the
    ``name`` typed on it say which; ``field``, ``code`` and ``facts`` say what, as for
    ``InvalidInput``. The name stays an attribute: it never reaches the log message."""

    def __init__(self, line: int, name: str, error: InvalidInput):
        super().__init__(error.field, error.code, **error.facts)
        self.line, self.name = line, name
        self.args = (f"line {line}: {error.field}: {error.code}",)


def roster_version(participant_ids) -> int:
    """The version of a conference's list of people, as ``add_participants`` compares it:
    the highest participant id (0 for nobody). Any addition moves it on, so the same
    table submitted twice (a second tab, a replayed submit) is refused, and nothing else
    (the concerns, the meeting's date) makes a list of new people stale."""
    return max(participant_ids, default=0)


def _bulk_values(values: dict, *, new: bool) -> dict:
    """One row's values checked and normalised; blank cells of a new row take the defaults."""
    values = {k: v for k, v in values.items() if not _blank(v) or k in ("ring", "not_safe", "is_focal")}
    unknown = set(values) - BULK_FIELDS
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    supports = values.pop("supports", None)
    if new:
        relation = enum_value(Relation, values.get("relation") or DEFAULT_RELATION, "relation")
        values["relation"] = relation
        if values.get("ring") is None:
            values["ring"] = DEFAULT_RING[relation]
        values.setdefault("invitation", InvitationStatus.TO_INVITE)
        values.setdefault("name", "")
    if "ring" in values:
        values["ring"] = _ring(values["ring"])
    data = participant_values(values)
    if supports is not None or new:
        data["supports"] = list(dict.fromkeys(enum_value(Support, s, "supports").value for s in supports or ()))
    return data


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # a table's empty number cell (NaN)
        return True
    return isinstance(value, str) and not value.strip()


def _ring(value) -> int | None:
    """A ring from a table cell: 1, 2, 3, or 0 / blank for "not placed yet"."""
    if _blank(value) or value == 0:
        return None
    if isinstance(value, bool):
        raise InvalidInput("ring", "unknown_value", value=str(value))
    try:
        ring = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("ring", "unknown_value", value=str(value)) from None
    if ring != value and str(ring) != str(value).strip():
        raise InvalidInput("ring", "unknown_value", value=str(value))
    return ring


def add_participants(actor: Actor, conference_id: int, rows, expected_version: int, *,
                     uow: UnitOfWork) -> list[int]:
    """Add several members of the network at once (a table or a pasted list).

    ``rows`` is a sequence of dicts with the fields of ``add_participant`` plus
    ``supports`` (codes); a blank relation is family, a blank ring follows the relation
    (``DEFAULT_RING``), a blank invitation is "to invite" and anyone flagged not safe is
    recorded "not to be invited". ``expected_version`` is the ``roster_version`` the user
    saw. Every row is checked before anything is written; all rows are written in one
    transaction and audited once (``participants.added``, with their ids). Returns the
    new ids in the order of ``rows``.

    Raises ``InvalidRow`` (the first bad row, nothing written), ``InvalidInput`` (no row,
    too many), ``StaleWrite`` (the list changed since it was read), ``Forbidden``.
    """
    rows = list(rows)
    if not rows:
        raise InvalidInput("rows", "required")
    if len(rows) > MAX_ROWS:
        raise InvalidInput("rows", "too_many", limit=MAX_ROWS)
    checked = []
    for line, values in enumerate(rows, start=1):
        try:
            checked.append(_bulk_values(dict(values), new=True))
        except InvalidInput as error:
            raise InvalidRow(line, _typed_name(values), error) from None
    with uow:
        _edit(uow, actor, conference_id, "add_participants")
        current = roster_version(uow.session.scalars(
            select(r.ParticipantRow.id).where(r.ParticipantRow.conference_id == conference_id)))
        if current != expected_version:
            raise StaleWrite("participants", expected_version, current)
        added = []
        for line, data in enumerate(checked, start=1):
            row = r.ParticipantRow(conference_id=conference_id, **data)
            try:
                _safety(row, data)
            except InvalidInput as error:
                raise InvalidRow(line, data["name"], error) from None
            uow.add(row)
            added.append(row)
        uow.flush()
        ids = [row.id for row in added]
        uow.audit.record(actor, "participants.added", "conference", conference_id, participant_ids=ids,
                         count=len(ids))
        uow.commit()
        return ids


def update_participants(actor: Actor, conference_id: int, changes, *, uow: UnitOfWork) -> dict[int, int]:
    """Save the corrections made in the table of people, all or nothing.

    ``changes`` maps a participant id to ``(expected_version, {field: value})`` (only the
    fields that changed; the fields of ``update_participant`` plus ``supports``). One
    person changed by someone else meanwhile refuses the whole save (``StaleWrite``); a bad
    value raises ``InvalidRow`` whose ``line`` is the person's place in ``changes`` and
    ``name`` their name. Flagging someone not safe withdraws their invitation. One
    transaction, one audit entry (``participants.updated``: ids and field names). Returns
    ``{participant_id: new_version}``.
    """
    changes = dict(changes)
    if not changes:
        return {}
    with uow:
        _edit(uow, actor, conference_id, "update_participants")
        rows = []
        for line, (ident, (expected, values)) in enumerate(changes.items(), start=1):
            row = uow.conferences.child(r.ParticipantRow, ident, conference_id)
            check_version("participant", row, expected)
            try:
                data = _bulk_values(dict(values), new=False)
                for name, value in data.items():
                    setattr(row, name, value)
                _safety(row, data)
            except InvalidInput as error:
                raise InvalidRow(line, row.name, error) from None
            rows.append((ident, row, sorted(data)))
        uow.flush()
        uow.audit.record(actor, "participants.updated", "conference", conference_id,
                         participant_ids=[ident for ident, _, _ in rows],
                         fields=sorted({f for _, _, fields in rows for f in fields}))
        uow.commit()
        return {ident: row.version for ident, row, _ in rows}


def _typed_name(values) -> str:
    try:
        return " ".join(str(values.get("name") or "").split())
    except AttributeError:
        return ""


def parse_people_list(text: str, relation_names: dict[str, str]) -> list[dict]:
    """Rows for ``add_participants`` from a pasted list: one person per line, ``Name`` or
    ``Name; relation`` (or a tab, as copied from a spreadsheet). Blank
    lines are skipped. ``relation_names`` maps lower-case names of relations (in the
    user's language, and the codes) to codes; an unknown relation is kept as typed, so
    that ``add_participants`` refuses it naming its line."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        for separator in (";", "\t"):
            if separator in line:
                name, _, relation = line.partition(separator)
                break
        else:
            name, relation = line, ""
        row = {"name": " ".join(name.split())}
        relation = " ".join(relation.split()).casefold()
        if relation:
            row["relation"] = relation_names.get(relation, relation)
        rows.append(row)
    return rows


def mark_invitations_sent(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[int]:
    """The invitations are sent: everyone « to invite » becomes « invited », in one step.

    Only people still « to invite » change; a person who must not be invited
    (``safety.can_be_invited``) is never touched, whatever their status says. One
    transaction, one audit entry (``participants.invited``, with the ids). Returns the ids
    of the people marked invited (empty when nobody was waiting)."""
    with uow:
        _edit(uow, actor, conference_id, "mark_invitations_sent")
        rows = uow.session.scalars(select(r.ParticipantRow).where(
            r.ParticipantRow.conference_id == conference_id,
            r.ParticipantRow.invitation == InvitationStatus.TO_INVITE.value).order_by(r.ParticipantRow.id)).all()
        marked = [row for row in rows if safety.can_be_invited(_flags(row))]
        for row in marked:
            row.invitation = InvitationStatus.INVITED.value
        uow.flush()
        ids = [row.id for row in marked]
        if ids:
            uow.audit.record(actor, "participants.invited", "conference", conference_id, participant_ids=ids,
                             count=len(ids))
        uow.commit()
        return ids
