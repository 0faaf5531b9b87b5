"""Handover (passation) when a professional leaves a household: the note (where things
stand, what the household already told so no one asks again, pending steps, what may be
shared), confirmed in the app by the named successor only; the directory contact who
leaves gets its successor; on confirmation the successor takes over as path referent if
the one leaving was it. The documents: the note and the « votre nouveau contact » letter.

Writes follow load → check (``partner_rules``) → change → audit → commit; refused means
nothing written.
"""
from __future__ import annotations

from sqlalchemy import or_, select

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.partnership import HandoverNote, HandoverState
from conference.security import partner_rules
from conference.security.rules import Actor
from conference.store import mapping_partners as mp
from conference.store import models as r
from conference.store.partners import current_path_referent
from conference.store.uow import UnitOfWork, check_version

from .base import clean
from .partner_access import household_access, readable_household_ids, seat

# The path referent's reason when a confirmed handover moves it (a stored value, like
# what a coordinator types there; the household's own choice stays on the closed period).
HANDOVER_REASON, HANDOVER_TEXT = "other", "Passation (fiche n° {id})"


def write_handover_note(actor: Actor, household_id: int, *, situation: str, already_told: str = "",
                        pending_steps: str = "", may_share: str = "", from_user_id: int | None = None,
                        from_contact_id: int | None = None, to_user_id: int | None = None,
                        to_contact_id: int | None = None, uow: UnitOfWork) -> int:
    """A handover note, waiting for the successor's confirmation. Written by who runs the
    household or by the professional leaving (``from_user_id`` is then the actor). A
    successor is required (an account or a directory contact). When both ends are
    directory contacts, the leaving contact gets its successor and a leaving date; a
    successor contact tied to an account confirms with that account. Audited (``handover.written``). Returns the id."""
    situation = clean(situation, "situation", required=True)
    already_told, pending_steps, may_share = (clean(already_told, "already_told"),
                                              clean(pending_steps, "pending_steps"), clean(may_share, "may_share"))
    if to_user_id is None and to_contact_id is None:
        raise InvalidInput("successor", "required")
    if from_user_id is None and from_contact_id is None:
        from_user_id = actor.id
    with uow:
        access = household_access(uow, household_id)
        leaving_self = from_user_id == actor.id and partner_rules.can_read_household(actor, access, seat(uow, actor))
        if not (partner_rules.can_edit_household(actor, access) or leaving_self):
            raise Forbidden("write_handover_note", household_id)
        if to_user_id is not None:
            successor = uow.session.get(r.User, to_user_id)
            if successor is None or not successor.active:
                raise InvalidInput("successor", "unknown_value", value=str(to_user_id))
        contacts = {c: uow.session.get(r.StructureContactRow, c) for c in (from_contact_id, to_contact_id) if c}
        for ident, contact in contacts.items():
            if contact is None:
                raise InvalidInput("contact", "unknown_value", value=str(ident))
        if to_user_id is None and to_contact_id and contacts[to_contact_id].user_id is not None:
            to_user_id = contacts[to_contact_id].user_id  # a contact with an account confirms in the app
        if from_contact_id and to_contact_id:
            if from_contact_id == to_contact_id:
                raise InvalidInput("successor", "same_person")
            leaving = contacts[from_contact_id]
            leaving.successor_id, leaving.left_at = to_contact_id, clock.today()
        now = clock.utcnow()
        row = r.HandoverNoteRow(household_id=household_id, from_user_id=from_user_id, from_contact_id=from_contact_id,
                                to_user_id=to_user_id, to_contact_id=to_contact_id,
                                status=HandoverState.AWAITING.value, situation=situation, already_told=already_told,
                                pending_steps=pending_steps, may_share=may_share, written_at=now)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "handover.written", "handover_note", row.id, household=household_id)
        uow.commit()
        return row.id


def confirm_handover(actor: Actor, note_id: int, expected_version: int, *, uow: UnitOfWork) -> int:
    """The named successor confirms they read the note and take over (no one else may).
    If the professional leaving was the household's path referent, the successor becomes
    it (the history keeps both). Audited (``handover.confirmed``). Returns the version."""
    with uow:
        row = uow.session.get(r.HandoverNoteRow, note_id)
        if row is None:
            raise NotFound("handover_note", note_id)
        if not partner_rules.can_confirm_handover(actor, row.to_user_id):
            raise Forbidden("confirm_handover", note_id)
        check_version("handover_note", row, expected_version)
        if row.confirmed_at is not None:
            raise InvalidInput("handover", "already_confirmed")
        now = clock.utcnow()
        row.status, row.confirmed_at, row.confirmed_by = HandoverState.CONFIRMED.value, now, actor.id
        referent = current_path_referent(uow.session, row.household_id)
        if referent is not None and row.from_user_id is not None and referent.user_id == row.from_user_id:
            today = clock.today()
            referent.to_date = today
            successor_structure = uow.session.scalar(select(r.User.structure_id).where(r.User.id == actor.id))
            uow.add(r.PathReferentRow(household_id=row.household_id, user_id=actor.id, contact_id=row.to_contact_id,
                                      structure_id=successor_structure or referent.structure_id,
                                      reason=HANDOVER_REASON, reason_text=HANDOVER_TEXT.format(id=note_id),
                                      from_date=today, recorded_by=actor.id))
        uow.flush()
        uow.audit.record(actor, "handover.confirmed", "handover_note", note_id, household=row.household_id)
        uow.commit()
        return row.version


def _readable(uow: UnitOfWork, actor: Actor, row: r.HandoverNoteRow) -> bool:
    if actor.id is not None and actor.active and actor.id in (row.to_user_id, row.from_user_id):
        return True
    return partner_rules.can_read_household(actor, household_access(uow, row.household_id), seat(uow, actor))


def get_handover_note(actor: Actor, note_id: int, *, uow: UnitOfWork) -> HandoverNote:
    """The note, for the successor, the one who left, and whoever may read the household."""
    with uow:
        row = uow.session.get(r.HandoverNoteRow, note_id)
        if row is None:
            raise NotFound("handover_note", note_id)
        if not _readable(uow, actor, row):
            raise Forbidden("get_handover_note", note_id)
        return mp.handover_note(uow.session, row)


def handover_notes_for(actor: Actor, *, waiting_only: bool = False, uow: UnitOfWork) -> list[HandoverNote]:
    """Notes waiting for the actor's confirmation first, then the notes of the households
    the actor may read (``waiting_only``: the first group only), newest first."""
    with uow:
        if actor.id is None or not actor.active:
            raise Forbidden("handover_notes_for")
        mine = select(r.HandoverNoteRow).where(r.HandoverNoteRow.to_user_id == actor.id,
                                                r.HandoverNoteRow.confirmed_at.is_(None))
        rows = list(uow.session.scalars(mine.order_by(r.HandoverNoteRow.id.desc())))
        if not waiting_only and partner_rules.can_list_households(actor):
            households = readable_household_ids(uow, actor)
            seen = {row.id for row in rows}
            rows += [row for row in uow.session.scalars(
                select(r.HandoverNoteRow).where(or_(r.HandoverNoteRow.household_id.in_(households),
                                                    r.HandoverNoteRow.from_user_id == actor.id))
                .order_by(r.HandoverNoteRow.id.desc())) if row.id not in seen]
        return [mp.handover_note(uow.session, row) for row in rows]


def export_handover_note(actor: Actor, note_id: int, *, letter: bool = False, lang: str = "fr",
                         uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx) of the note, or with ``letter`` of the « votre nouveau contact »
    letter for the household. Audited (``export.handover_note`` / ``export.new_contact_letter``)."""
    from exports.handover_letter import build_handover_note, build_new_contact_letter

    note = get_handover_note(actor, note_id, uow=uow)
    data = (build_new_contact_letter if letter else build_handover_note)(note, lang=lang)
    with uow:
        uow.audit.record(actor, "export.new_contact_letter" if letter else "export.handover_note", "handover_note",
                         note_id)
        uow.commit()
    return f"{'votre-nouveau-contact' if letter else 'fiche-de-passation'}-{note_id}.docx", data
