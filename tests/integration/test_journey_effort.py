"""Fewer clicks on the journey (issue #7, « less typing »), on a real migrated database:
the invitations marked sent in one step never touch a person who must not be invited; the
form check is read without being recorded, and recorded with the adoption."""
from __future__ import annotations

from conference.domain.enums import InvitationStatus, Phase
from conference.services import conferences, preparation, validation
from conference.services.preparation import roster_version

from ..factories import make_conference


def read(coordinator, cid, uow):
    return conferences.get_conference(coordinator, cid, uow=uow)


def audit(uow) -> list:
    with uow:
        return [(e.action, e.details) for e in uow.audit.entries()]


def test_marking_the_invitations_sent_changes_only_the_people_to_invite_and_never_a_not_safe_one(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    before = read(coordinator, cid, uow).participants
    preparation.add_participants(coordinator, cid, [
        {"name": "Cousine Yasmine", "relation": "family"},
        {"name": "Voisine Mme Garnier", "relation": "neighbour", "invitation": "declined"},
        {"name": "M. Inconnu Dangereux (fictif)", "relation": "family", "not_safe": True},
    ], roster_version(p.id for p in before), uow=uow)
    people = {p.name: p for p in read(coordinator, cid, uow).participants}
    waiting = sorted(p.id for p in people.values()
                     if p.invitation is InvitationStatus.TO_INVITE and not p.not_safe)
    assert waiting  # Cousine Yasmine at least

    marked = preparation.mark_invitations_sent(coordinator, cid, uow=uow)

    after = {p.name: p for p in read(coordinator, cid, uow).participants}
    assert sorted(marked) == waiting
    assert after["Cousine Yasmine"].invitation is InvitationStatus.INVITED
    assert after["Voisine Mme Garnier"].invitation is InvitationStatus.DECLINED  # not « to invite »: untouched
    assert after["M. Inconnu Dangereux (fictif)"].invitation is InvitationStatus.NOT_TO_INVITE
    for name, person in people.items():
        if person.id not in marked:
            assert after[name].invitation is person.invitation and after[name].version == person.version
    assert audit(uow)[-1] == ("participants.invited", {"participant_ids": marked, "count": len(marked)})
    assert preparation.mark_invitations_sent(coordinator, cid, uow=uow) == []  # nobody left: nothing happens


def test_the_form_check_is_read_without_being_recorded_and_recorded_with_the_adoption(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.VALIDATION)

    assert [f for f in validation.plan_form_findings(coordinator, cid, uow=uow) if f.blocking] == []
    assert not read(coordinator, cid, uow).form_checks

    validation.adopt_plan(coordinator, cid, uow=uow)

    conf = read(coordinator, cid, uow)
    assert len(conf.form_checks) == 1
    check = conf.form_checks[0]
    assert check.findings == 0 and check.checked_by == coordinator.name
    assert check.content_hash == conf.current_plan.content_hash


def test_several_actions_are_added_in_one_transaction_and_a_not_safe_owner_refuses_them_all(uow, coordinator):
    import pytest

    from conference.domain.errors import InvalidInput, StaleWrite
    from conference.services import private_time

    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    people = {p.name: p for p in read(coordinator, cid, uow).participants}
    unsafe = next(p for p in people.values() if p.not_safe)
    safe = next(p for p in people.values() if not p.not_safe and p.relation.value != "expert")
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    before = private_time.get_plan_draft(family, cid, uow=uow)

    with pytest.raises(InvalidInput):
        private_time.add_plan_actions(family, cid, before.version, [
            {"what": "Une action correcte", "who_id": safe.id},
            {"what": "Une action confiée à la mauvaise personne", "who_id": unsafe.id}], uow=uow)
    assert len(private_time.get_plan_draft(family, cid, uow=uow).actions) == len(before.actions)  # nothing half-added

    version = private_time.add_plan_actions(family, cid, before.version, [
        {"what": "Appeler Lina le soir", "who_id": safe.id}, {"what": "Préparer le goûter"}], uow=uow)
    after = private_time.get_plan_draft(family, cid, uow=uow)
    assert after.version == version
    assert [a.what for a in after.actions[-2:]] == ["Appeler Lina le soir", "Préparer le goûter"]
    with pytest.raises(StaleWrite):  # a second screen on the old version adds nothing
        private_time.add_plan_actions(family, cid, before.version, [{"what": "En retard"}], uow=uow)


def test_bottom_lines_typed_one_per_line_are_added_together_blank_lines_skipped(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    count = len(read(coordinator, cid, uow).bottom_lines)

    ids = preparation.add_bottom_lines(coordinator, cid, "Première ligne\n\n   \nSeconde ligne  ", uow=uow)

    lines = read(coordinator, cid, uow).bottom_lines
    assert len(ids) == 2 and len(lines) == count + 2
    assert [b.text for b in lines[-2:]] == ["Première ligne", "Seconde ligne"]
