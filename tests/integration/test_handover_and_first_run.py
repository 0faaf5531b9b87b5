"""Services: the screen handed to the family (a recorded hand-over, closed only with the
coordinator's PIN), family links that really end, and the first run of a fresh install."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conference.domain.enums import Phase, Role
from conference.domain.errors import FamilyLinkInvalid, Forbidden, InvalidInput, LoginRefused
from conference.security.rules import Actor
from conference.services import (accounts, auth, conferences, family_links, first_run, handover_screen, network,
                                 private_time)
from conference.store import models as r
from conference.store.models import utcnow

from ..factories import TEST_PIN, make_conference

PASSWORD = "un-mot-de-passe-fictif"


def audit(uow, cid, action):
    """(role, details) of each ``action`` entry of the conference, oldest first."""
    with uow:
        return [(a.actor_role, dict(a.details)) for a in uow.audit.entries("conference", cid) if a.action == action]


# --- the hand-over -----------------------------------------------------------------------

def test_handing_over_records_an_open_handover_and_the_family_actor_carries_it(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)

    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)

    assert family.role is Role.FAMILY and family.conference_id == cid and family.handover_id is not None
    assert handover_screen.family_actor_of(coordinator.id, uow=uow) == family
    assert audit(uow, cid, "family_mode.started")[0][1]["handover"] == family.handover_id
    assert private_time.hand_screen_to_family(coordinator, cid, uow=uow) == family  # the same, not a second one


def test_a_coordinator_without_any_secret_cannot_hand_the_screen_over(uow):
    no_pin = accounts.create_user("Coordinateur Sans Code", Role.COORDINATOR, "Association Imaginaire", uow=uow)
    cid = make_conference(uow, no_pin, Phase.PREPARATION)

    with pytest.raises(InvalidInput) as refused:
        private_time.hand_screen_to_family(no_pin, cid, uow=uow)

    assert refused.value.field == "pin"
    handover_screen.set_pin(no_pin, "731902", uow=uow)
    assert private_time.hand_screen_to_family(no_pin, cid, uow=uow).handover_id


@pytest.mark.parametrize("pin", ["", "12345", "111111", "12ab56", "1234567890123", "１２３４５６"])
def test_a_weak_or_malformed_pin_is_refused(pin):
    with pytest.raises(InvalidInput):
        handover_screen.check_pin(pin)


def test_the_wrong_pin_is_refused_counted_and_keeps_the_handover_open(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)

    with pytest.raises(LoginRefused):
        auth.end_family_mode(coordinator.id, "999999", family.handover_id, uow=uow)

    assert handover_screen.family_actor_of(coordinator.id, uow=uow) == family
    assert audit(uow, cid, "family_mode.exit_refused")[0][1]["handover"] == family.handover_id
    with uow:
        assert uow.session.get(r.User, coordinator.id).failed_logins == 1


def test_another_coordinator_cannot_take_the_screen_back_even_with_their_own_pin(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    from ..factories import make_coordinator
    other = make_coordinator(uow, "Autre Coordinatrice Fictive")

    with pytest.raises(Forbidden):
        auth.end_family_mode(other.id, TEST_PIN, family.handover_id, uow=uow)
    assert handover_screen.family_actor_of(coordinator.id, uow=uow) == family


def test_taking_the_screen_back_closes_the_handover_and_the_draft_view(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version

    back = auth.end_family_mode(coordinator.id, TEST_PIN, family.handover_id, uow=uow)

    assert back.id == coordinator.id and handover_screen.family_actor_of(coordinator.id, uow=uow) is None
    with pytest.raises(Forbidden):
        private_time.get_plan_draft(family, cid, uow=uow)
    with pytest.raises(Forbidden):
        private_time.add_plan_action(family, cid, version, what="Après la reprise", uow=uow)
    with pytest.raises(Forbidden):
        private_time.get_family_view(family, cid, uow=uow)
    assert audit(uow, cid, "family_mode.ended")[0][1]["handover"] == family.handover_id


def test_a_family_actor_resting_on_nothing_reads_no_draft(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)

    for bare in (Actor(id=None, role=Role.FAMILY, conference_id=cid),
                 Actor(id=None, role=Role.FAMILY, conference_id=cid, handover_id=999),
                 Actor(id=None, role=Role.FAMILY, conference_id=cid, link_id=999)):
        with pytest.raises((Forbidden, FamilyLinkInvalid)):
            private_time.get_plan_draft(bare, cid, uow=uow)


def test_a_handover_of_another_conference_reads_nothing_here(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    other = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, other, uow=uow)
    forged = Actor(id=None, role=Role.FAMILY, conference_id=cid, handover_id=family.handover_id)

    with pytest.raises(Forbidden):
        private_time.get_plan_draft(forged, cid, uow=uow)


def test_every_draft_read_and_write_is_audited_with_its_handover(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    before = len(audit(uow, cid, "plan_draft.read"))  # the demo family's own reads, through its link

    version = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.get_plan_draft(family, cid, uow=uow)
    private_time.add_plan_action(family, cid, version, what="Appeler Lina le soir", uow=uow)

    reads = audit(uow, cid, "plan_draft.read")[before:]
    assert len(reads) == 2 and {details["handover"] for _, details in reads} == {family.handover_id}
    assert audit(uow, cid, "plan_draft.action_added")[-1][1]["handover"] == family.handover_id


# --- family links ------------------------------------------------------------------------

def test_a_family_link_actor_carries_its_link_and_every_family_write_records_it(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    link_id, token = family_links.create_family_link(coordinator, cid, uow=uow)
    family = family_links.open_family_link(token, uow=uow)

    version = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.save_plan_texts(family, cid, version, if_not_working="Inès vient.", follow_arrangement="",
                                 uow=uow)
    network.add_member(family, cid, "Voisine Paulette", "neighbour", 2, uow=uow)

    assert family.link_id == link_id
    with uow:
        family_rows = [(a.action, dict(a.details)) for a in uow.audit.entries() if a.actor_role == "family"]
    mine = {action for action, details in family_rows if details.get("link") == link_id}
    assert {"family_link.opened", "plan_draft.read", "plan_draft.texts_saved"} <= mine and len(mine) >= 4
    assert all("link" in details for _, details in family_rows)  # every family entry says through what


@pytest.mark.parametrize("change", ["revoked", "expired"])
def test_a_link_switched_off_or_expired_stops_working_in_an_open_session(uow, coordinator, change):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    link_id, token = family_links.create_family_link(coordinator, cid, days=1, uow=uow)
    family = family_links.open_family_link(token, uow=uow)
    family_links.check_family_link(family, uow=uow)
    later = None
    if change == "revoked":
        family_links.revoke_family_link(coordinator, cid, link_id, uow=uow)
    else:
        later = utcnow() + timedelta(days=2)

    with pytest.raises(FamilyLinkInvalid) as refused:
        family_links.check_family_link(family, uow=uow, now=later)
    assert refused.value.reason == change
    if change == "revoked":
        with pytest.raises(FamilyLinkInvalid):
            private_time.get_plan_draft(family, cid, uow=uow)


def test_after_closure_the_link_reads_the_plan_read_only_until_it_expires(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.FOLLOW_UP)
    link_id, token = family_links.create_family_link(coordinator, cid, uow=uow)
    from conference.domain.enums import Outcome
    conferences.close_conference(coordinator, cid, Outcome.PLAN_ADOPTED, uow=uow)

    family = family_links.open_family_link(token, uow=uow)
    view = private_time.get_family_view(family, cid, uow=uow)

    assert view.phase is Phase.CLOSED and view.plan is not None and view.plan.content["actions"]
    with pytest.raises(Forbidden):
        network.add_member(family, cid, "Trop tard", "friend", 3, uow=uow)
    assert link_id in [link.id for link in family_links.list_family_links(coordinator, cid, uow=uow)]
    family_links.revoke_family_link(coordinator, cid, link_id, uow=uow)
    with pytest.raises(FamilyLinkInvalid):
        family_links.open_family_link(token, uow=uow)
    with pytest.raises(Forbidden):
        family_links.create_family_link(coordinator, cid, uow=uow)  # no new link once closed


# --- first run ---------------------------------------------------------------------------

def count_users(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(r.User))


def test_start_for_real_creates_the_coordinator_with_a_hashed_pin(uow):
    actor = accounts.create_first_coordinator("Anne Fictive", "Association Imaginaire", "731902", uow=uow)

    with uow:
        stored = uow.session.get(r.User, actor.id).screen_pin_hash
    assert stored.startswith("$argon2") and "731902" not in stored
    assert handover_screen.has_pin(actor.id, uow=uow)
    with pytest.raises(Forbidden):
        accounts.create_first_coordinator("Deuxième Fictive", "Association Imaginaire", "731902", uow=uow)


def test_the_demo_loads_only_on_this_computer_into_an_empty_database(uow):
    with pytest.raises(Forbidden):
        first_run.start_with_demo(local=False, uow=uow)
    assert count_users(uow) == 0

    demo_coordinator = first_run.start_with_demo(local=True, uow=uow)

    cid = conferences.list_conferences(demo_coordinator, open_only=False, uow=uow)[0][0].id
    family = private_time.hand_screen_to_family(demo_coordinator, cid, uow=uow)
    assert auth.end_family_mode(demo_coordinator.id, first_run.DEMO_PIN, family.handover_id, uow=uow)
    with pytest.raises(Forbidden):
        first_run.start_with_demo(local=True, uow=uow)


def test_the_demo_leaves_no_screen_handed_over(uow):
    demo_coordinator = first_run.start_with_demo(local=True, uow=uow)

    assert handover_screen.family_actor_of(demo_coordinator.id, uow=uow) is None


def test_the_first_administrator_needs_the_one_time_code(uow):
    with pytest.raises(Forbidden):
        auth.create_account(Actor(id=None, role=Role.COORDINATOR, name="visiteur"), "intrus", "Intrus", Role.ADMIN,
                            PASSWORD, uow=uow)  # no longer "anyone while there is no administrator"
    with pytest.raises(InvalidInput):
        first_run.create_first_admin("AAAA-BBBB-CCCC", "admin.fictif", "Admin Fictif", PASSWORD, uow=uow)

    code = first_run.issue_admin_code(uow=uow)
    with pytest.raises(InvalidInput):
        first_run.create_first_admin("AAAA-BBBB-CCCC", "admin.fictif", "Admin Fictif", PASSWORD, uow=uow)
    admin_id = first_run.create_first_admin(code.lower(), "admin.fictif", "Admin Fictif", PASSWORD, uow=uow)

    assert auth.authenticate("admin.fictif", PASSWORD, uow=uow).id == admin_id
    assert first_run.issue_admin_code(uow=uow) is None
    with pytest.raises(Forbidden):
        first_run.create_first_admin(code, "admin.deux", "Admin Deux", PASSWORD, uow=uow)
    with uow:
        assert uow.session.get(r.SettingRow, first_run.CODE_KEY) is None


def test_five_wrong_codes_void_the_code(uow):
    code = first_run.issue_admin_code(uow=uow)
    for _ in range(first_run.CODE_TRIES):
        with pytest.raises(InvalidInput):
            first_run.create_first_admin("ZZZZ-ZZZZ-ZZZZ", "admin.fictif", "Admin Fictif", PASSWORD, uow=uow)

    with pytest.raises(InvalidInput):
        first_run.create_first_admin(code, "admin.fictif", "Admin Fictif", PASSWORD, uow=uow)
    assert auth.needs_first_admin(uow=uow)


def test_the_one_click_demo_holds_every_job_of_cercle(uow):
    """Conferences, the Benali-Roussel household's meetings, and evaluation data that the
    local single user reads on the dashboard (two territories, a pilot account)."""
    from conference.services import evaluation_dashboard, households
    from conference.services.accounts import local_coordinator

    first_run.start_with_demo(local=True, uow=uow)
    local = local_coordinator(uow=uow)

    assert any("Benali" in h.label for h in households.list_households(local, uow=uow))
    readable = evaluation_dashboard.territories_for(local, uow=uow)
    assert {t.code for t in readable} >= {"nord-fictif", "sud-fictif"}
    with uow:
        pilots = uow.session.scalars(select(r.User.login).where(r.User.role == Role.PILOT.value)).all()
    assert pilots == ["pilote.demo"]
