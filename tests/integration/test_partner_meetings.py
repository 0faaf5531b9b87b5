"""Synthesis meetings through the real services, on SQLite and PostgreSQL: open decisions
carried into the next meeting with their history, overdue decisions for the structure that
owns them, a partner reading only what its structure may see, the handover confirmed by
the named successor only, the reflection report final only once everyone approved, and
refused or stale writes leaving nothing written. The Benali-Roussel demo is the setting."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from conference import clock
from conference.demo_partners import load_partners_demo
from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput, StaleWrite
from conference.domain.partnership import (Agreement, DecisionStatus, InfoCategory, MeetingKind, PersonPresence,
                                           ReportNotApproved)
from conference.services import accounts, handover_notes, partner_meetings as pm, reflection
from conference.store import models as r


@pytest.fixture
def demo(uow, coordinator):
    return load_partners_demo(coordinator, uow=uow)


def actor(uow, demo, key):
    return accounts.current_actor(demo.users[key], uow=uow)


def counts(uow) -> dict[str, int]:
    """Rows of every synthesis-meeting table and of the audit log."""
    tables = (r.SynthesisMeetingRow, r.MeetingParticipantRow, r.AgendaNeedRow, r.ContributionRow, r.DecisionRow,
              r.SharedItemRow, r.SharedItemStructureRow, r.HandoverNoteRow, r.PathReferentRow, r.ReflectionCycleRow,
              r.ReflectionSessionRow, r.ReflectionQuoteRow, r.ReflectionApprovalRow, r.AuditRow)
    with uow:
        return {t.__tablename__: uow.session.scalar(select(func.count()).select_from(t)) for t in tables}


def meeting_version(uow, meeting_id) -> int:
    with uow:
        return uow.session.get(r.SynthesisMeetingRow, meeting_id).version


# --- carry-over --------------------------------------------------------------------------

def test_open_decisions_are_carried_into_the_next_meeting_and_keep_their_history(uow, coordinator, demo):
    first, second = demo.meetings

    carried = pm.meeting_view(coordinator, second, uow=uow).decisions

    assert [d.action for d in carried] == ["Réexaminer l'aide au logement", "Ouvrir un accompagnement budgétaire"]
    first_view = pm.meeting_view(coordinator, first, uow=uow)
    assert [d.carried_from for d in carried] == [d.id for d in first_view.decisions if d.is_open]
    assert all(d.first_meeting_date == first_view.held_on for d in carried)
    assert "Payer la facture d'énergie en retard" not in [d.action for d in carried], "a done decision stays behind"

    # The budget support is done at the second meeting: only the CAF's review goes on to the third.
    budget = carried[1]
    pm.change_decision_status(coordinator, budget.id, DecisionStatus.DONE, budget.version, uow=uow)
    third = pm.plan_meeting(coordinator, demo.household_id, MeetingKind.SYNTHESIS, clock.today() + timedelta(days=60),
                            uow=uow)

    again = pm.meeting_view(coordinator, third, uow=uow).decisions
    assert [(d.action, d.carried_from, d.first_meeting_date) for d in again] == [
        ("Réexaminer l'aide au logement", carried[0].id, first_view.held_on)]
    assert [d.action for d in pm.open_decisions(coordinator, demo.household_id, uow=uow)] == [
        "Réexaminer l'aide au logement"], "a carried decision counts once, at its last meeting"


# --- overdue -----------------------------------------------------------------------------

def test_overdue_decisions_are_shown_to_the_structure_that_owns_them(uow, coordinator, demo):
    caf, successor = actor(uow, demo, "caf"), actor(uow, demo, "dasilva")

    overdue = pm.overdue_decisions(caf, uow=uow)

    assert [(d.action, d.owner_structure_id) for d in overdue] == [("Réexaminer l'aide au logement",
                                                                    demo.structures["caf"])]
    assert overdue[0].deadline < clock.today() and overdue[0].meeting_id == demo.meetings[1]
    assert pm.overdue_decisions(successor, uow=uow) == [], "the département owns no overdue decision"
    assert [d.id for d in pm.overdue_decisions(coordinator, uow=uow)] == [overdue[0].id]
    with clock.freeze(clock.now() + timedelta(days=60)):
        assert {d.action for d in pm.overdue_decisions(coordinator, uow=uow)} == {
            "Réexaminer l'aide au logement", "Ouvrir un accompagnement budgétaire"}


def test_the_caf_marks_its_own_decision_done_but_not_another_structures(uow, demo):
    caf = actor(uow, demo, "caf")
    [review] = pm.overdue_decisions(caf, uow=uow)
    budget = next(d for d in pm.meeting_view(caf, demo.meetings[1], uow=uow).decisions if d.id != review.id)
    before = counts(uow)

    with pytest.raises(Forbidden):
        pm.change_decision_status(caf, budget.id, DecisionStatus.DONE, budget.version, uow=uow)
    assert counts(uow) == before

    pm.change_decision_status(caf, review.id, DecisionStatus.DONE, review.version, note="Droit recalculé", uow=uow)
    assert pm.overdue_decisions(caf, uow=uow) == []


# --- what a partner reads ----------------------------------------------------------------

def test_a_partner_reads_only_the_items_its_structure_may_see(uow, coordinator, demo):
    first = demo.meetings[0]

    caf_items = pm.meeting_view(actor(uow, demo, "caf"), first, uow=uow).info_items
    dept_items = pm.meeting_view(actor(uow, demo, "caron"), first, uow=uow).info_items
    runner_items = pm.meeting_view(coordinator, first, uow=uow).info_items

    assert [i.category for i in caf_items] == [InfoCategory.FINANCIAL], "no health item, no objected item"
    assert [i.category for i in dept_items] == [InfoCategory.FINANCIAL, InfoCategory.HEALTH]
    assert InfoCategory.SOCIAL not in [i.category for i in runner_items], "objected: only its bringer sees it"


def test_a_partner_of_another_structure_reads_nothing(uow, coordinator, demo):
    with uow:
        other = r.StructureRow(name="Mission locale (fictive)")
        uow.add(other)
        uow.flush()
        other_id = other.id
        uow.commit()
    stranger = accounts.create_user("Partenaire Étranger", Role.PARTNER, "", login="etranger", uow=uow)
    with uow:
        uow.session.get(r.User, stranger.id).structure_id = other_id
        uow.commit()

    with pytest.raises(Forbidden):
        pm.meeting_view(stranger, demo.meetings[0], uow=uow)
    assert pm.list_meetings(stranger, uow=uow) == []
    assert pm.overdue_decisions(stranger, uow=uow) == []


def test_the_persons_minutes_from_the_service_hold_only_what_they_agreed_to_see_written(uow, coordinator, demo):
    person = pm.minutes_snapshot(coordinator, demo.meetings[0], "person", uow=uow)
    partners = pm.minutes_snapshot(coordinator, demo.meetings[0], "partners", uow=uow)

    assert [i.text for i in person.info_items] == ["Trois mois de loyer en retard."]
    assert [i.category for i in partners.info_items] == [InfoCategory.FINANCIAL], \
        "the health item is not for every partner around the table"
    name, data = pm.export_minutes(coordinator, demo.meetings[0], "person", uow=uow)
    assert name.endswith(".docx") and data[:2] == b"PK"
    with uow:
        assert uow.audit.entries("synthesis_meeting", demo.meetings[0])[-1].details == {"audience": "person"}


# --- handover ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["caron", "caf", "coordinator"])
def test_only_the_named_successor_confirms_the_handover(uow, coordinator, demo, who):
    someone = coordinator if who == "coordinator" else actor(uow, demo, who)
    before = counts(uow)

    with pytest.raises(Forbidden):
        handover_notes.confirm_handover(someone, demo.handover_id, 1, uow=uow)

    assert counts(uow) == before
    assert not handover_notes.get_handover_note(coordinator, demo.handover_id, uow=uow).confirmed


def test_the_successor_confirms_and_becomes_the_path_referent(uow, coordinator, demo):
    successor = actor(uow, demo, "dasilva")
    [waiting] = handover_notes.handover_notes_for(successor, waiting_only=True, uow=uow)
    assert waiting.id == demo.handover_id and waiting.from_name == "Mme Caron (démo)"

    handover_notes.confirm_handover(successor, waiting.id, waiting.version, uow=uow)

    note = handover_notes.get_handover_note(successor, waiting.id, uow=uow)
    assert note.confirmed and note.confirmed_by == successor.id
    assert handover_notes.handover_notes_for(successor, waiting_only=True, uow=uow) == []
    assert pm.meeting_view(coordinator, demo.meetings[1], uow=uow).path_referent.startswith("M. Da Silva (démo)")
    with pytest.raises(InvalidInput):
        handover_notes.confirm_handover(successor, waiting.id, note.version, uow=uow)


def test_a_handover_between_directory_contacts_gives_the_contact_its_successor(uow, coordinator, demo):
    with uow:
        leaving = r.StructureContactRow(structure_id=demo.structures["ccas"], name="Paul Lenoir (démo)")
        coming = r.StructureContactRow(structure_id=demo.structures["ccas"], name="Léa Fictive")
        uow.add(leaving)
        uow.add(coming)
        uow.flush()
        ids = leaving.id, coming.id
        uow.commit()

    handover_notes.write_handover_note(coordinator, demo.household_id, situation="Aide d'urgence versée.",
                                       from_contact_id=ids[0], to_contact_id=ids[1], uow=uow)

    with uow:
        contact = uow.session.get(r.StructureContactRow, ids[0])
        assert (contact.successor_id, contact.left_at) == (ids[1], clock.today())


def test_a_successor_contact_with_an_account_confirms_with_that_account(uow, coordinator, demo):
    with uow:
        contact = r.StructureContactRow(structure_id=demo.structures["dept"], name="M. Da Silva (démo)",
                                        user_id=demo.users["dasilva"])
        uow.add(contact)
        uow.flush()
        contact_id = contact.id
        uow.commit()
    note = handover_notes.write_handover_note(coordinator, demo.household_id, situation="Suite du suivi.",
                                              from_user_id=demo.users["caron"], to_contact_id=contact_id, uow=uow)
    successor = actor(uow, demo, "dasilva")

    handover_notes.confirm_handover(successor, note, 1, uow=uow)

    assert handover_notes.get_handover_note(successor, note, uow=uow).confirmed
    view = pm.meeting_view(coordinator, demo.meetings[1], uow=uow)
    assert view.path_referent_reason == f"Passation (fiche n° {note})"


# --- reflection ----------------------------------------------------------------------------

def test_the_reflection_report_is_final_only_once_every_participant_approved(uow, coordinator, demo):
    caron, caf = actor(uow, demo, "caron"), actor(uow, demo, "caf")
    cid = reflection.create_cycle(coordinator, "Travailler ensemble autour des familles", [caron.id, caf.id], uow=uow)
    cycle = reflection.get_cycle(caf, cid, uow=uow)
    assert [s.theme.value for s in cycle.sessions] == ["current_state", "common_aim", "person_as_actor",
                                                       "mutual_recognition", "working_together", "ethics", "review"]
    version = reflection.record_session(caf, cid, 1, "Chacun présente ses missions.", cycle.version, uow=uow)
    reflection.add_quote(caron, cid, 1, "On ne savait pas ce que faisait l'UDAF.", uow=uow)
    version = reflection.save_draft_report(coordinator, cid, "Nous avons appris à nous connaître.", version, uow=uow)
    reflection.approve_report(coordinator, cid, version, uow=uow)
    reflection.approve_report(caron, cid, version, uow=uow)

    with pytest.raises(ReportNotApproved) as refused:
        reflection.finalise_report(coordinator, cid, version, uow=uow)
    assert refused.value.missing == ("Julie Marchand (démo)",)
    assert not reflection.get_cycle(coordinator, cid, uow=uow).is_final

    version = reflection.save_draft_report(caf, cid, "Nous avons appris à nous connaître, et à nous appeler.",
                                           version, uow=uow)
    assert len(reflection.get_cycle(caf, cid, uow=uow).missing_approvals) == 3, "a new wording asks everyone again"
    for person in (coordinator, caron, caf):
        reflection.approve_report(person, cid, version, uow=uow)
    reflection.finalise_report(caf, cid, version, uow=uow)

    final = reflection.get_cycle(caron, cid, uow=uow)
    assert final.is_final and final.sessions[0].quotes == ("On ne savait pas ce que faisait l'UDAF.",)
    with pytest.raises(Forbidden):
        reflection.save_draft_report(caf, cid, "Autre chose", final.version, uow=uow)
    with pytest.raises(Forbidden):
        reflection.get_cycle(actor(uow, demo, "dasilva"), cid, uow=uow)


# --- refused and stale writes ---------------------------------------------------------------

def _pilot(uow, demo):
    return accounts.create_user("Pilote Fictif", Role.PILOT, "", login="pilote", uow=uow)


def _deactivated(uow, demo):
    return replace(actor(uow, demo, "caron"), active=False)


def _caf(uow, demo):
    return actor(uow, demo, "caf")


WRITES = {
    "plan_meeting": lambda a, d, uow: pm.plan_meeting(a, d.household_id, "synthese", date(2027, 1, 5), uow=uow),
    "record_presence": lambda a, d, uow: pm.record_presence(a, d.meetings[1], PersonPresence.ABSENT,
                                                            meeting_version(uow, d.meetings[1]), reason="Malade",
                                                            uow=uow),
    "add_decision": lambda a, d, uow: pm.add_decision(a, d.meetings[1], "Une action", d.structures["caf"], None,
                                                      Agreement.YES, meeting_version(uow, d.meetings[1]), uow=uow),
    "set_needs": lambda a, d, uow: pm.set_needs(a, d.meetings[1], ["Un besoin"], meeting_version(uow, d.meetings[1]),
                                                uow=uow),
    "write_handover": lambda a, d, uow: handover_notes.write_handover_note(
        a, d.household_id, situation="Rien", from_user_id=d.users["caron"], to_user_id=d.users["dasilva"], uow=uow),
}


@pytest.mark.parametrize("make_actor", [_pilot, _deactivated, _caf], ids=["pilot", "deactivated", "partner"])
@pytest.mark.parametrize("action", sorted(WRITES))
def test_a_refused_actor_writes_nothing(uow, demo, make_actor, action):
    someone = make_actor(uow, demo)
    before = counts(uow)
    version = meeting_version(uow, demo.meetings[1])

    with pytest.raises(Forbidden):
        WRITES[action](someone, demo, uow)

    assert counts(uow) == before
    assert meeting_version(uow, demo.meetings[1]) == version


def test_a_stale_meeting_screen_is_refused_and_nothing_is_written(uow, coordinator, demo):
    seen = meeting_version(uow, demo.meetings[1])
    pm.update_meeting(coordinator, demo.meetings[1], seen, diagnosis="Vu par quelqu'un d'autre", uow=uow)
    before = counts(uow)

    with pytest.raises(StaleWrite):
        pm.add_decision(coordinator, demo.meetings[1], "Trop tard", None, None, Agreement.NO, seen, uow=uow)

    assert counts(uow) == before


def test_a_structure_outside_the_directory_is_refused_with_its_field(uow, coordinator, demo):
    with pytest.raises(InvalidInput) as refused:
        pm.add_decision(coordinator, demo.meetings[1], "Action", 999, None, Agreement.YES,
                        meeting_version(uow, demo.meetings[1]), uow=uow)
    assert refused.value.field == "owner_structure_id"
