"""Pure domain rules: the phase machine and its preconditions, neutrality, the plan's form
check, and follow-up dates. No database: frozen snapshots built by hand."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from conference.domain.enums import (
    ClosureReason, Field, InvitationStatus, Outcome, Phase, ReferralSource, Relation,
)
from conference.domain.errors import PhaseChangeNotAllowed
from conference.domain.model import (
    Action, AdoptedPlan, BottomLine, CentralQuestion, Closure, Conference, Neutrality, Participant, PlanDraft,
    QuestionPart,
)
from conference.domain.rules import (
    NEXT_PHASES, Finding, add_months, check_phase_change, check_plan_form, default_review_date, missing_for,
    neutrality_conflicts, neutrality_resolved,
)

MAMIE, KARIM, JULIEN = 1, 2, 3


def conference(phase: Phase = Phase.ORIENTATION, **changes) -> Conference:
    """A fictional conference where every precondition of every step is met."""
    ready = Conference(
        id=7, title="Famille Imaginaire-Exemple", phase=phase, field=Field.CHILDHOOD,
        situation="Mamie Odile ne peut plus garder Noé le soir.", referral_source=ReferralSource.PROFESSIONAL,
        family_agreement=True, information_duty_met=True,
        neutrality=Neutrality(coordinator_institution="Association Fictive", referent_institution="ASE Fictive"),
        question=CentralQuestion(1, "Qui garde Noé le soir ?"), meeting_date=date(2026, 12, 7),
        participants=(
            Participant(MAMIE, "Mamie Odile", Relation.FAMILY, 1, InvitationStatus.CONFIRMED),
            Participant(KARIM, "Tonton Karim", Relation.FAMILY, 1, InvitationStatus.INVITED),
            Participant(JULIEN, "Julien Fictif", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True),
        ),
        parts=(QuestionPart(11, "Le soir"), QuestionPart(12, "Le mercredi")),
        bottom_lines=(BottomLine(21, "Noé n'est jamais seul la nuit."),),
        adopted=(AdoptedPlan(1, {}, "abc", datetime(2026, 12, 7, 18, 0), "Coordinatrice Fictive"),),
        closure=Closure(Outcome.PLAN_ADOPTED),
    )
    return replace(ready, **changes)


def complete_draft() -> PlanDraft:
    return PlanDraft(actions=(
        Action(1, "Mamie Odile dort chez Noé", who_id=MAMIE, due=date(2026, 12, 14), parts=(11,), bottom_lines=(21,)),
        Action(2, "Karim emmène Noé au judo", who_text="Tonton Karim", due=date(2026, 12, 16), parts=(12,)),
    ))


# --- the phase machine ----------------------------------------------------------------------

ALLOWED = {
    (Phase.ORIENTATION, Phase.PREPARATION), (Phase.ORIENTATION, Phase.CLOSED),
    (Phase.PREPARATION, Phase.INFORMATION_SHARING), (Phase.PREPARATION, Phase.ORIENTATION),
    (Phase.PREPARATION, Phase.CLOSED),
    (Phase.INFORMATION_SHARING, Phase.PRIVATE_TIME), (Phase.INFORMATION_SHARING, Phase.PREPARATION),
    (Phase.INFORMATION_SHARING, Phase.CLOSED),
    (Phase.PRIVATE_TIME, Phase.VALIDATION), (Phase.PRIVATE_TIME, Phase.CLOSED),
    (Phase.VALIDATION, Phase.FOLLOW_UP), (Phase.VALIDATION, Phase.PRIVATE_TIME), (Phase.VALIDATION, Phase.CLOSED),
    (Phase.FOLLOW_UP, Phase.PRIVATE_TIME), (Phase.FOLLOW_UP, Phase.CLOSED),
}


def test_the_table_of_next_phases_is_the_agreed_one():
    assert {(src, dst) for src, targets in NEXT_PHASES.items() for dst in targets} == ALLOWED
    assert NEXT_PHASES[Phase.CLOSED] == ()


@pytest.mark.parametrize(("source", "target"), [(s, t) for s in Phase for t in Phase],
                         ids=lambda p: p.value)
def test_a_transition_is_allowed_only_if_it_is_in_the_table(source, target):
    ready = conference(source)

    if (source, target) in ALLOWED:
        check_phase_change(ready, target)
    else:
        with pytest.raises(PhaseChangeNotAllowed) as refused:
            check_phase_change(ready, target)
        assert refused.value.missing == ("transition",)
        assert (refused.value.current, refused.value.target) == (source, target)


def test_orientation_lists_every_missing_precondition_at_once():
    empty = Conference(id=7, title="Famille Vide-Fictive", phase=Phase.ORIENTATION,
                       neutrality=Neutrality(prior_knowledge=True))

    assert missing_for(empty, Phase.PREPARATION) == (
        "situation", "field", "referral_source", "family_agreement", "information_duty", "neutrality")


@pytest.mark.parametrize(("change", "code"), [
    ({"situation": "   "}, "situation"),
    ({"field": None}, "field"),
    ({"referral_source": None}, "referral_source"),
    ({"family_agreement": False}, "family_agreement"),
    ({"information_duty_met": False}, "information_duty"),
    ({"neutrality": Neutrality("ASE Fictive", "ase  fictive")}, "neutrality"),
])
def test_each_orientation_precondition_on_its_own(change, code):
    conf = conference(Phase.ORIENTATION, **change)

    assert missing_for(conf, Phase.PREPARATION) == (code,)
    with pytest.raises(PhaseChangeNotAllowed) as refused:
        check_phase_change(conf, Phase.PREPARATION)
    assert refused.value.missing == (code,)


@pytest.mark.parametrize(("change", "code"), [
    ({"question": None}, "central_question"),
    ({"question": CentralQuestion(2, "  ")}, "central_question"),
    ({"meeting_date": None}, "meeting_date"),
])
def test_each_preparation_precondition_on_its_own(change, code):
    assert missing_for(conference(Phase.PREPARATION, **change), Phase.INFORMATION_SHARING) == (code,)


@pytest.mark.parametrize("status", [InvitationStatus.TO_INVITE, InvitationStatus.DECLINED,
                                    InvitationStatus.NOT_TO_INVITE])
def test_the_meeting_needs_someone_invited_or_confirmed(status):
    only_person = Participant(MAMIE, "Mamie Odile", Relation.FAMILY, 1, status)
    nobody = conference(Phase.PREPARATION, participants=(only_person,))

    assert missing_for(nobody, Phase.INFORMATION_SHARING) == ("invitations",)


@pytest.mark.parametrize(("source", "target"), [
    (Phase.INFORMATION_SHARING, Phase.PRIVATE_TIME), (Phase.PRIVATE_TIME, Phase.VALIDATION),
    (Phase.VALIDATION, Phase.PRIVATE_TIME), (Phase.FOLLOW_UP, Phase.PRIVATE_TIME),
    (Phase.PREPARATION, Phase.ORIENTATION), (Phase.INFORMATION_SHARING, Phase.PREPARATION),
])
def test_steps_without_preconditions_need_nothing(source, target):
    bare = Conference(id=7, title="Famille Nue-Fictive", phase=source)

    assert missing_for(bare, target) == ()
    check_phase_change(bare, target)


def test_follow_up_needs_an_adopted_plan():
    conf = conference(Phase.VALIDATION, adopted=())

    assert missing_for(conf, Phase.FOLLOW_UP) == ("plan_adopted",)


@pytest.mark.parametrize(("closure", "adopted", "missing"), [
    (None, True, ("closure",)),
    (Closure(Outcome.PLAN_ADOPTED), False, ("plan_adopted",)),
    (Closure(Outcome.PLAN_ADOPTED), True, ()),
    (Closure(Outcome.NOT_COMPLETED, ClosureReason.FAMILY_DECLINED), False, ()),
    (Closure(Outcome.FAMILY_SELF_ORGANISED), False, ()),
])
def test_closing_needs_an_outcome_and_a_plan_when_the_outcome_says_adopted(closure, adopted, missing):
    conf = conference(Phase.FOLLOW_UP, closure=closure, adopted=conference().adopted if adopted else ())

    assert missing_for(conf, Phase.CLOSED) == missing


# --- neutrality -----------------------------------------------------------------------------

@pytest.mark.parametrize(("coordinator", "referent"), [
    ("ASE Fictive", "ASE Fictive"), ("  ase   FICTIVE ", "ASE Fictive"),
    ("Département\tFictif", "département fictif"),
])
def test_the_same_institution_is_recognised_whatever_the_case_and_spaces(coordinator, referent):
    assert neutrality_conflicts(Neutrality(coordinator, referent)) == ("same_institution",)


@pytest.mark.parametrize(("coordinator", "referent"), [
    ("Association Fictive", "ASE Fictive"), ("", "ASE Fictive"), ("ASE Fictive", ""), ("", ""),
])
def test_different_or_unknown_institutions_are_no_conflict(coordinator, referent):
    assert neutrality_conflicts(Neutrality(coordinator, referent)) == ()
    assert neutrality_resolved(Neutrality(coordinator, referent))


def test_prior_knowledge_and_being_the_referent_are_conflicts_listed_together():
    n = Neutrality("ASE Fictive", "ase fictive", prior_knowledge=True, is_referent=True)

    assert neutrality_conflicts(n) == ("same_institution", "prior_knowledge", "is_referent")


@pytest.mark.parametrize(("name", "institution", "resolved"), [
    ("Co-coordinatrice Fictive", "Association Tierce Fictive", True),
    ("Co-coordinatrice Fictive", " association  tierce FICTIVE ", True),
    ("Co-coordinatrice Fictive", "ase  FICTIVE", False),          # the referent's structure
    ("Co-coordinatrice Fictive", "Centre Social Fictif", False),  # the coordinator's own structure
    ("", "Association Tierce Fictive", False),
    ("   ", "Association Tierce Fictive", False),
    ("Co-coordinatrice Fictive", "", False),
])
def test_a_conflict_is_resolved_only_by_a_named_co_coordinator_from_a_third_structure(name, institution, resolved):
    n = Neutrality("Centre Social Fictif", "ASE Fictive", prior_knowledge=True, co_coordinator_name=name,
                   co_coordinator_institution=institution)

    assert neutrality_resolved(n) is resolved
    assert ("neutrality" in missing_for(conference(Phase.ORIENTATION, neutrality=n), Phase.PREPARATION)) is not resolved


# --- the plan's form check -------------------------------------------------------------------

def test_a_complete_plan_has_no_finding():
    assert check_plan_form(conference(Phase.VALIDATION), complete_draft()) == []


def test_an_empty_plan_says_so_and_lists_every_unanswered_part_and_bottom_line():
    assert check_plan_form(conference(Phase.VALIDATION), PlanDraft()) == [
        Finding("no_action"),
        Finding("part_unanswered", "Le soir"),
        Finding("part_unanswered", "Le mercredi"),
        Finding("bottom_line_unanswered", "Noé n'est jamais seul la nuit."),
    ]


def test_a_part_answered_by_no_action_is_named():
    draft = replace(complete_draft(), actions=(replace(complete_draft().actions[0], parts=(11,)),))

    assert Finding("part_unanswered", "Le mercredi") in check_plan_form(conference(), draft)


def test_a_bottom_line_answered_by_no_action_is_named():
    draft = PlanDraft(actions=tuple(replace(a, bottom_lines=()) for a in complete_draft().actions))

    assert check_plan_form(conference(), draft) == [
        Finding("bottom_line_unanswered", "Noé n'est jamais seul la nuit.")]


def test_an_action_without_what_is_found_by_its_position():
    actions = complete_draft().actions
    draft = PlanDraft(actions=(actions[0], replace(actions[1], what="  ")))

    assert check_plan_form(conference(), draft) == [Finding("action_without_what", "", 2)]


@pytest.mark.parametrize(("who_id", "who_text"), [
    (None, ""), (None, "   "),
    (JULIEN, ""),   # a person flagged "not safe" cannot own an action
    (404, ""),      # nobody with this id
])
def test_an_action_without_a_usable_owner_is_found(who_id, who_text):
    first = replace(complete_draft().actions[0], who_id=who_id, who_text=who_text)
    draft = PlanDraft(actions=(first, complete_draft().actions[1]))

    assert check_plan_form(conference(), draft) == [Finding("action_without_who", "Mamie Odile dort chez Noé", 1)]


def test_a_free_text_owner_is_enough():
    first = replace(complete_draft().actions[0], who_id=None, who_text="La voisine Paulette")

    assert check_plan_form(conference(), PlanDraft(actions=(first, complete_draft().actions[1]))) == []


def test_an_action_without_a_date_is_found():
    second = replace(complete_draft().actions[1], due=None, when_text="bientôt")
    draft = PlanDraft(actions=(complete_draft().actions[0], second))

    assert check_plan_form(conference(), draft) == [Finding("action_without_date", "Karim emmène Noé au judo", 2)]


def test_every_finding_is_listed_at_once_in_a_stable_order():
    draft = PlanDraft(actions=(Action(1, ""), Action(2, " Appeler Noé ", parts=(11,))))

    assert check_plan_form(conference(), draft) == [
        Finding("part_unanswered", "Le mercredi"),
        Finding("bottom_line_unanswered", "Noé n'est jamais seul la nuit."),
        Finding("action_without_what", "", 1),
        Finding("action_without_who", "", 1),
        Finding("action_without_date", "", 1),
        Finding("action_without_who", "Appeler Noé", 2),
        Finding("action_without_date", "Appeler Noé", 2),
    ]


# --- follow-up dates --------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),    # clamped to the end of February
    (date(2028, 1, 31), 1, date(2028, 2, 29)),    # leap year
    (date(2100, 1, 31), 1, date(2100, 2, 28)),    # a century is not a leap year...
    (date(2000, 1, 31), 1, date(2000, 2, 29)),    # ...unless divisible by 400
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2028, 2, 29), 48, date(2032, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),   # into the next year
    (date(2026, 10, 31), 14, date(2027, 12, 31)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),   # backwards too
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 5, 17), 0, date(2026, 5, 17)),
])
def test_add_months_keeps_the_day_or_clamps_it_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_default_review_is_three_months_after_adoption():
    assert default_review_date(date(2026, 11, 30)) == date(2027, 2, 28)
    assert default_review_date(date(2026, 11, 23)) == date(2027, 2, 23)


# --- the form check warns when the plan names someone who may not be shown ---------------------

def _with_people(**draft_texts):
    from conference.domain.model import Action, Participant, PlanDraft
    from conference.domain.enums import InvitationStatus, Relation

    people = (Participant(1, "Lina", Relation.FAMILY, is_focal=True),
              Participant(2, "Tante Sophie Moreau", Relation.FAMILY, 2),
              Participant(3, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True))
    actions = tuple(Action(n, text, who_text="Sophie", due=date(2026, 12, 1))
                    for n, text in enumerate(draft_texts.pop("actions", ()), start=1))
    return conference(Phase.VALIDATION, participants=people), PlanDraft(actions=actions, **draft_texts)


@pytest.mark.parametrize("text", ["Julien passe le mercredi", "On appelle JULIEN MOREAU", "julien vient"])
def test_a_not_safe_first_or_full_name_in_an_action_is_a_warning(text):
    from conference.domain.rules import not_safe_names_in_plan

    conf, draft = _with_people(actions=["Sophie vient le soir", text])

    findings = not_safe_names_in_plan(conf, draft)

    assert [(f.code, f.position, f.blocking) for f in findings] == [("not_safe_name_in_action", 2, False)]
    assert all("Julien" not in f.subject for f in findings)  # never quoted back


def test_a_family_name_shared_with_someone_shown_does_not_warn_alone():
    from conference.domain.rules import not_safe_names_in_plan

    conf, draft = _with_people(actions=["Tante Sophie Moreau vient le soir", "Les Moreau se relaient"])

    assert not_safe_names_in_plan(conf, draft) == []


def test_the_plans_own_texts_are_checked_too_and_the_warning_never_blocks_adoption():
    from conference.domain.rules import check_plan_form, not_safe_names_in_plan

    conf, draft = _with_people(actions=["Sophie vient le soir"], if_not_working="Sinon Julien vient.")

    assert [f.code for f in not_safe_names_in_plan(conf, draft)] == ["not_safe_name_in_plan"]
    assert all(f.code != "not_safe_name_in_plan" for f in check_plan_form(conf, draft))
