"""The partners' reflection cycle on their cooperation: six themed sessions (current
state, common aim, the person as actor, mutual recognition, working together, ethics) and
a review; notes and anonymous quotes per session; a draft report that every participant
approves before it is final. An approval holds for the draft as it read (its SHA-256):
changing the draft asks everyone again. Final refused until all approved
(``ReportNotApproved``); a final report changes no more.

Writes: load → check (``security.reflection_rules``) → change → audit → commit.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.partnership import REFLECTION_THEMES, ReflectionCycle, ReportNotApproved
from conference.security import reflection_rules as rules
from conference.security.reflection_rules import CycleAccess
from conference.security.rules import Actor
from conference.store import mapping_partners as mp
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean


def report_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _access(row: r.ReflectionCycleRow) -> CycleAccess:
    return CycleAccess(id=row.id, participant_ids=frozenset(int(p["user_id"]) for p in row.participants or ()),
                       final=row.final_at is not None)


def _load(uow: UnitOfWork, actor: Actor, cycle_id: int, predicate, action: str,
          expected_version: int | None = None) -> r.ReflectionCycleRow:
    row = uow.session.get(r.ReflectionCycleRow, cycle_id)
    if row is None:
        raise NotFound("reflection_cycle", cycle_id)
    if not predicate(actor, _access(row)):
        raise Forbidden(action, cycle_id)
    check_version("reflection_cycle", row, expected_version)
    return row


def _touch(row: r.ReflectionCycleRow) -> None:
    flag_modified(row, "participants")  # the version moves: older screens are refused


def create_cycle(actor: Actor, title: str, participant_ids: Iterable[int], *, territory_id: int | None = None,
                 uow: UnitOfWork) -> int:
    """A cycle with its seven sessions (six themes and the review), the actor among its
    participants. Participants are active professional accounts. Audited. Returns the id."""
    if not rules.can_create_cycle(actor):
        raise Forbidden("create_cycle")
    title = clean(title, "title", required=True, limit=MAX_SHORT)
    wanted = list(dict.fromkeys([actor.id, *participant_ids]))
    with uow:
        users = {u.id: u for u in uow.session.scalars(select(r.User).where(r.User.id.in_(wanted)))}
        participants = []
        for uid in wanted:
            user = users.get(uid)
            if user is None or not user.active:
                raise InvalidInput("participants", "unknown_value", value=str(uid))
            participants.append({"user_id": uid, "name": user.display_name, "structure_id": user.structure_id})
        row = r.ReflectionCycleRow(title=title, territory_id=territory_id, participants=participants,
                                   created_by=actor.id)
        uow.add(row)
        uow.flush()
        for number, theme in enumerate(REFLECTION_THEMES, start=1):
            uow.add(r.ReflectionSessionRow(cycle_id=row.id, number=number, theme=theme.value))
        uow.flush()
        uow.audit.record(actor, "reflection.created", "reflection_cycle", row.id, participants=len(participants))
        uow.commit()
        return row.id


def _session(uow: UnitOfWork, cycle_id: int, number: int) -> r.ReflectionSessionRow:
    found = uow.session.scalar(select(r.ReflectionSessionRow).where(r.ReflectionSessionRow.cycle_id == cycle_id,
                                                                    r.ReflectionSessionRow.number == number))
    if found is None:
        raise NotFound("reflection_session", number)
    return found


def record_session(actor: Actor, cycle_id: int, number: int, notes: str, expected_version: int, *,
                   held_on=None, uow: UnitOfWork) -> int:
    """The notes (and date) of session ``number`` (1–7). Returns the cycle's new version."""
    notes = clean(notes, "notes")
    with uow:
        row = _load(uow, actor, cycle_id, rules.can_edit_cycle, "record_session", expected_version)
        session = _session(uow, cycle_id, number)
        session.notes, session.held_on = notes, held_on
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "reflection.session_recorded", "reflection_cycle", cycle_id, session=number)
        uow.commit()
        return row.version


def add_quote(actor: Actor, cycle_id: int, number: int, text: str, *, uow: UnitOfWork) -> int:
    """An anonymous quote said in session ``number``: no author is kept, not even in the
    audit log's details (the entry names the actor who typed it, as every entry does)."""
    text = clean(text, "quote", required=True, limit=1000)
    with uow:
        _load(uow, actor, cycle_id, rules.can_edit_cycle, "add_quote")
        quote = r.ReflectionQuoteRow(session_id=_session(uow, cycle_id, number).id, text=text)
        uow.add(quote)
        uow.flush()
        uow.audit.record(actor, "reflection.quote_added", "reflection_cycle", cycle_id, session=number)
        uow.commit()
        return quote.id


def save_draft_report(actor: Actor, cycle_id: int, text: str, expected_version: int, *, uow: UnitOfWork) -> int:
    """The draft report; approvals of an earlier wording no longer count. Returns the version."""
    text = clean(text, "draft_report", limit=20000)
    with uow:
        row = _load(uow, actor, cycle_id, rules.can_edit_cycle, "save_draft_report", expected_version)
        row.draft_report = text
        uow.flush()
        uow.audit.record(actor, "reflection.draft_saved", "reflection_cycle", cycle_id)
        uow.commit()
        return row.version


def approve_report(actor: Actor, cycle_id: int, expected_version: int, *, uow: UnitOfWork) -> None:
    """The actor approves the draft as it reads now (``expected_version`` is the cycle's
    version they read: a draft changed since is refused, ``StaleWrite``)."""
    with uow:
        row = _load(uow, actor, cycle_id, rules.can_approve_report, "approve_report", expected_version)
        if not (row.draft_report or "").strip():
            raise InvalidInput("draft_report", "required")
        digest = report_hash(row.draft_report)
        already = uow.session.scalar(select(r.ReflectionApprovalRow.id).where(
            r.ReflectionApprovalRow.cycle_id == cycle_id, r.ReflectionApprovalRow.user_id == actor.id,
            r.ReflectionApprovalRow.report_hash == digest))
        if already is None:
            uow.add(r.ReflectionApprovalRow(cycle_id=cycle_id, user_id=actor.id, participant_name=actor.name,
                                            report_hash=digest, approved_at=clock.utcnow()))
        uow.audit.record(actor, "reflection.report_approved", "reflection_cycle", cycle_id)
        uow.commit()


def finalise_report(actor: Actor, cycle_id: int, expected_version: int, *, uow: UnitOfWork) -> int:
    """Make the report final: refused (``ReportNotApproved``, nothing written) until every
    participant approved the draft as it reads now. Returns the version."""
    with uow:
        row = _load(uow, actor, cycle_id, rules.can_finalise_report, "finalise_report", expected_version)
        cycle = mp.reflection_cycle(uow.session, row, report_hash(row.draft_report))
        if not (row.draft_report or "").strip():
            raise InvalidInput("draft_report", "required")
        if cycle.missing_approvals:
            raise ReportNotApproved(cycle.missing_approvals)
        row.final_at = clock.utcnow()
        uow.flush()
        uow.audit.record(actor, "reflection.report_final", "reflection_cycle", cycle_id)
        uow.commit()
        return row.version


def get_cycle(actor: Actor, cycle_id: int, *, uow: UnitOfWork) -> ReflectionCycle:
    with uow:
        row = _load(uow, actor, cycle_id, rules.can_read_cycle, "get_cycle")
        return mp.reflection_cycle(uow.session, row, report_hash(row.draft_report))


def list_cycles(actor: Actor, *, uow: UnitOfWork) -> list[ReflectionCycle]:
    """The cycles the actor takes part in, newest first."""
    with uow:
        rows = uow.session.scalars(select(r.ReflectionCycleRow).order_by(r.ReflectionCycleRow.id.desc()))
        return [mp.reflection_cycle(uow.session, row, report_hash(row.draft_report)) for row in rows
                if rules.can_read_cycle(actor, _access(row))]


def export_reflection_report(actor: Actor, cycle_id: int, *, lang: str = "fr", uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx) of the report (marked draft until final). Audited."""
    from exports.reflection_report import build_reflection_report

    cycle = get_cycle(actor, cycle_id, uow=uow)
    data = build_reflection_report(cycle, lang=lang)
    with uow:
        uow.audit.record(actor, "export.reflection_report", "reflection_cycle", cycle_id)
        uow.commit()
    return f"cycle-de-reflexion-{cycle_id}.docx", data
