"""Validation and follow-up through the services: form check, ratification, freezing."""
from __future__ import annotations


import pytest

from conference.domain.enums import ActionFollowUp, Outcome, Phase, RatificationDecision, Resolution
from conference.domain.errors import Forbidden, InvalidInput, PhaseChangeNotAllowed, PlanNotReady, RatificationRefused
from conference.domain.model import content_hash
from conference.domain.rules import add_months
from conference.services import conferences, followup, private_time, validation

from ..factories import make_conference


@pytest.fixture
def at_validation(uow, coordinator):
    return make_conference(uow, coordinator, Phase.VALIDATION)


def test_the_form_check_of_a_complete_plan_finds_nothing_and_is_recorded(uow, coordinator, at_validation):
    findings = validation.check_plan_form(coordinator, at_validation, uow=uow)

    assert findings == []
    checks = conferences.get_conference(coordinator, at_validation, uow=uow).form_checks
    assert len(checks) == 1 and checks[0].checked_by == coordinator.name and checks[0].findings == 0


def test_adopting_freezes_the_plan_with_its_hash_and_moves_to_follow_up(uow, coordinator, at_validation):
    number = validation.adopt_plan(coordinator, at_validation, uow=uow)

    conf = conferences.get_conference(coordinator, at_validation, uow=uow)
    assert number == 1 and conf.phase is Phase.FOLLOW_UP
    plan = conf.current_plan
    assert plan.content_hash == content_hash(plan.content)
    assert [a["who"] for a in plan.content["actions"]][:3] == ["Mamie Mariam", "Tante Sophie Moreau", "Oncle Karim"]


def test_a_refused_ratification_blocks_adoption_of_that_content(uow, coordinator, at_validation):
    validation.record_ratification(coordinator, at_validation, RatificationDecision.REFUSED,
                                   decided_by="Référent Fictif", reason="Lina resterait seule le mardi soir.", uow=uow)

    with pytest.raises(RatificationRefused):
        validation.adopt_plan(coordinator, at_validation, uow=uow)

    assert conferences.get_conference(coordinator, at_validation, uow=uow).adopted == ()


def test_a_refusal_or_reservations_need_a_reason(uow, coordinator, at_validation):
    with pytest.raises(InvalidInput):
        validation.record_ratification(coordinator, at_validation, RatificationDecision.RESERVATIONS,
                                       decided_by="Référent Fictif", reason=" ", uow=uow)

    assert conferences.get_conference(coordinator, at_validation, uow=uow).ratifications == ()


def test_an_incomplete_plan_cannot_be_adopted_and_every_gap_is_listed(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    draft = private_time.get_plan_draft(family, cid, uow=uow)
    version = draft.version
    for action in draft.actions:
        version = private_time.remove_plan_action(family, cid, action.id, version, uow=uow)
    private_time.add_plan_action(family, cid, version, what="Appeler Lina le soir", uow=uow)
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)

    with pytest.raises(PlanNotReady) as refused:
        validation.adopt_plan(coordinator, cid, uow=uow)

    codes = sorted(f.code for f in refused.value.findings)
    assert codes == ["action_without_date", "action_without_who", "bottom_line_unanswered",
                     "bottom_line_unanswered", "part_unanswered", "part_unanswered"]


def test_a_revised_plan_is_adopted_as_a_new_version_and_the_first_stays_frozen(uow, coordinator, at_validation):
    validation.adopt_plan(coordinator, at_validation, uow=uow)
    first = conferences.get_conference(coordinator, at_validation, uow=uow).current_plan
    conferences.change_phase(coordinator, at_validation, Phase.PRIVATE_TIME, uow=uow)
    family = private_time.hand_screen_to_family(coordinator, at_validation, uow=uow)
    version = private_time.get_plan_draft(family, at_validation, uow=uow).version
    private_time.save_plan_texts(family, at_validation, version, if_not_working="On appelle Inès.",
                                 follow_arrangement="Dans un mois.", uow=uow)
    conferences.change_phase(family, at_validation, Phase.VALIDATION, uow=uow)

    assert validation.adopt_plan(coordinator, at_validation, uow=uow) == 2

    plans = conferences.get_conference(coordinator, at_validation, uow=uow).adopted
    assert plans[0] == first and plans[1].content["if_not_working"] == "On appelle Inès."
    assert plans[0].content_hash != plans[1].content_hash


def test_the_family_cannot_adopt_its_own_plan(uow, coordinator, at_validation):
    family = private_time.hand_screen_to_family(coordinator, at_validation, uow=uow)

    with pytest.raises(Forbidden):
        validation.adopt_plan(family, at_validation, uow=uow)


def test_follow_up_defaults_to_three_months_after_adoption_and_records_reviews(uow, coordinator, at_validation):
    validation.adopt_plan(coordinator, at_validation, uow=uow)
    conf = conferences.get_conference(coordinator, at_validation, uow=uow)
    version = followup.choose_follow_up(coordinator, at_validation, True, conf.version, uow=uow)
    followup.record_action_review(coordinator, at_validation, "A3", ActionFollowUp.PARTLY,
                                  "Le nouveau travail de Karim", uow=uow)
    followup.record_follow_up_result(coordinator, at_validation, Resolution.PARTLY, "Deux nouvelles personnes.",
                                     version, uow=uow)

    conf = conferences.get_conference(coordinator, at_validation, uow=uow)
    assert conf.follow_up.review_date == add_months(conf.current_plan.adopted_at.date(), 3)
    assert [(r.action_key, r.status) for r in conf.follow_up.reviews] == [("A3", ActionFollowUp.PARTLY)]
    assert conf.follow_up.resolution is Resolution.PARTLY


def test_an_unknown_action_key_is_refused(uow, coordinator, at_validation):
    validation.adopt_plan(coordinator, at_validation, uow=uow)

    with pytest.raises(InvalidInput):
        followup.record_action_review(coordinator, at_validation, "A99", ActionFollowUp.DONE, uow=uow)


def test_closing_not_completed_needs_a_reason_and_other_needs_a_text(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)

    with pytest.raises(InvalidInput):
        conferences.close_conference(coordinator, cid, Outcome.NOT_COMPLETED, uow=uow)
    with pytest.raises(InvalidInput):
        conferences.close_conference(coordinator, cid, Outcome.NOT_COMPLETED, reason="other", uow=uow)
    assert conferences.get_conference(coordinator, cid, uow=uow).phase is Phase.PREPARATION

    conferences.close_conference(coordinator, cid, Outcome.NOT_COMPLETED, reason="judicial_decision", uow=uow)
    conf = conferences.get_conference(coordinator, cid, uow=uow)
    assert conf.phase is Phase.CLOSED and conf.closure.reason.value == "judicial_decision"


def test_a_closed_conference_cannot_change_phase(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    conferences.close_conference(coordinator, cid, Outcome.FAMILY_SELF_ORGANISED, uow=uow)

    with pytest.raises(Forbidden):
        conferences.change_phase(coordinator, cid, Phase.INFORMATION_SHARING, uow=uow)


def test_preparation_cannot_be_left_without_a_meeting_date(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    from conference.services import preparation
    conf = conferences.get_conference(coordinator, cid, uow=uow)
    preparation.save_meeting_arrangements(coordinator, cid, conf.version, meeting_date=None, uow=uow)

    with pytest.raises(PhaseChangeNotAllowed) as refused:
        conferences.change_phase(coordinator, cid, Phase.INFORMATION_SHARING, uow=uow)

    assert refused.value.missing == ("meeting_date",)


def test_phase_changes_are_audited(uow, coordinator, at_validation):
    with uow:
        entries = [(e.action, e.details.get("target")) for e in uow.audit.entries("conference", at_validation)]

    assert ("phase.changed", "validation") in entries
    assert entries.count(("phase.changed", "private_time")) == 1


def test_another_coordinator_cannot_read_the_conference(uow, coordinator, at_validation):
    from ..factories import make_coordinator
    other = make_coordinator(uow, "Autre Coordinatrice Fictive")

    with pytest.raises(Forbidden):
        conferences.get_conference(other, at_validation, uow=uow)
