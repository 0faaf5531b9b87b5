"""AppTest: step 6, follow-up and closure (and closing early from any step)."""
from __future__ import annotations

from conference.domain.enums import ActionFollowUp, ClosureReason, Outcome, Phase, Resolution
from conference.domain.rules import default_review_date
from conference.services import conferences, followup

from .conftest import texts

PAGE = "pages/follow_up.py"


def read(uow, coordinator, cid):
    return conferences.get_conference(coordinator, cid, uow=uow)


def submit(at, key):
    at.button(key=key).click().run()


def test_choosing_a_follow_up_sets_the_review_date_three_months_after_adoption(make_app, conference_at, uow,
                                                                                coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    before = read(uow, coordinator, cid)
    followup.choose_follow_up(coordinator, cid, False, before.version, uow=uow)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_choice").set_value(True)
    submit(at, f"follow_up_{cid}_choice_save")

    conf = read(uow, coordinator, cid)
    assert conf.follow_up.chosen is True
    assert conf.follow_up.review_date == default_review_date(conf.current_plan.adopted_at.date())
    assert not at.exception and not at.error


def test_choosing_no_follow_up_is_recorded_and_points_to_the_closure(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_choice").set_value(False)
    submit(at, f"follow_up_{cid}_choice_save")

    conf = read(uow, coordinator, cid)
    assert conf.follow_up.chosen is False and conf.follow_up.review_date is None
    assert "ne souhaite pas de suivi" in texts(at)


def test_recording_action_reviews_persists_all_of_them_at_once(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_status_A2").set_value(ActionFollowUp.CHANGED)
    at.text_area(key=f"follow_up_{cid}_why_A2").input("Tante Sophie déménage : Mamie Odile prend le relais.")
    at.text_area(key=f"follow_up_{cid}_why_A4").input("Tout va bien.")
    submit(at, f"follow_up_{cid}_reviews_save")

    reviews = {r.action_key: r for r in read(uow, coordinator, cid).follow_up.reviews}
    assert reviews["A2"].status is ActionFollowUp.CHANGED
    assert reviews["A2"].why == "Tante Sophie déménage : Mamie Odile prend le relais."
    assert reviews["A4"].why == "Tout va bien." and reviews["A4"].status is ActionFollowUp.DONE
    assert at.radio(key=f"follow_up_{cid}_status_A2").value is ActionFollowUp.CHANGED


def test_the_result_of_the_follow_up_persists(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_resolution").set_value(Resolution.PARTLY)
    at.text_area(key=f"follow_up_{cid}_what_changed").input("Deux nouvelles personnes dans le réseau.")
    submit(at, f"follow_up_{cid}_result_save")

    fu = read(uow, coordinator, cid).follow_up
    assert fu.resolution is Resolution.PARTLY
    assert fu.what_changed == "Deux nouvelles personnes dans le réseau."
    assert fu.completed_at is not None


def test_closing_not_completed_without_a_reason_shows_the_french_message_and_changes_nothing(
        make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_close_outcome").set_value(Outcome.NOT_COMPLETED).run()
    at.checkbox(key=f"follow_up_{cid}_close_confirm").check()
    submit(at, f"follow_up_{cid}_close_save")

    assert at.error and "Veuillez renseigner la raison" in at.error[0].value
    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.FOLLOW_UP and conf.closure is None


def test_closing_without_ticking_the_confirmation_changes_nothing(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_close_outcome").set_value(Outcome.PLAN_ADOPTED).run()
    submit(at, f"follow_up_{cid}_close_save")

    assert at.warning and "Cochez la case" in at.warning[0].value
    assert read(uow, coordinator, cid).phase is Phase.FOLLOW_UP


def test_closing_with_a_reason_closes_the_conference(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key=f"follow_up_{cid}_close_outcome").set_value(Outcome.NOT_COMPLETED).run()
    at.selectbox(key=f"follow_up_{cid}_close_reason").set_value(ClosureReason.NETWORK_NOT_MOBILISED)
    at.checkbox(key=f"follow_up_{cid}_close_confirm").check()
    submit(at, f"follow_up_{cid}_close_save")

    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.CLOSED
    assert conf.closure.outcome is Outcome.NOT_COMPLETED
    assert conf.closure.reason is ClosureReason.NETWORK_NOT_MOBILISED
    assert "Le réseau n'a pas pu être mobilisé" in texts(at)


def test_other_reason_needs_a_text_and_keeps_it(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)
    at.radio(key=f"follow_up_{cid}_close_outcome").set_value(Outcome.NOT_COMPLETED).run()
    at.selectbox(key=f"follow_up_{cid}_close_reason").set_value(ClosureReason.OTHER)
    at.checkbox(key=f"follow_up_{cid}_close_confirm").check()

    submit(at, f"follow_up_{cid}_close_save")
    refused = read(uow, coordinator, cid).phase
    at.text_area(key=f"follow_up_{cid}_close_reason_text").input("La famille a déménagé <b>loin</b>.")
    submit(at, f"follow_up_{cid}_close_save")

    assert refused is Phase.FOLLOW_UP
    closure = read(uow, coordinator, cid).closure
    assert closure.reason is ClosureReason.OTHER and closure.reason_text == "La famille a déménagé <b>loin</b>."
    assert "La famille a déménagé <b>loin</b>." in texts(at)  # shown as typed...
    assert "<b>loin" not in "\n".join(m.value for m in at.markdown)  # ...never as HTML


def test_a_conference_in_preparation_can_be_closed_as_self_organised_by_the_family(
        make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    offered = at.radio(key=f"follow_up_{cid}_close_outcome").options

    at.radio(key=f"follow_up_{cid}_close_outcome").set_value(Outcome.FAMILY_SELF_ORGANISED).run()
    at.checkbox(key=f"follow_up_{cid}_close_confirm").check()
    submit(at, f"follow_up_{cid}_close_save")

    assert "Plan adopté" not in offered  # no plan yet: that outcome is not offered
    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.CLOSED and conf.closure.outcome is Outcome.FAMILY_SELF_ORGANISED
    assert "Issue : la famille s'est organisée sans coordinateur." in texts(at)


def test_an_early_step_shows_only_the_closure_and_where_the_conference_is(make_app, conference_at):
    cid = conference_at(Phase.PREPARATION)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "Cette conférence en est à l'étape « Préparation »" in page
    assert "Clore la conférence" in [e.label for e in at.expander]
    assert not at.download_button and f"follow_up_{cid}_choice" not in at.session_state


def test_a_closed_conference_shows_its_outcome_read_only(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    conferences.close_conference(coordinator, cid, Outcome.PLAN_ADOPTED, uow=uow)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "Conférence clôturée le" in page and "Issue : plan adopté." in page
    assert "Le nouveau travail de Karim" in page  # the recorded follow-up, read-only
    assert not at.radio and not at.text_area and not at.checkbox
    assert not [b for b in at.button if b.key and "_save" in b.key]
    assert [b.label for b in at.download_button] == ["Télécharger le plan d'action (.docx)"]


def test_the_download_buttons_exist_for_the_plan_and_the_paper_follow_up_form(make_app, conference_at):
    cid = conference_at(Phase.FOLLOW_UP)

    at = make_app(PAGE, conference_id=cid)

    labels = [b.label for b in at.download_button]
    assert labels[:2] == ["Télécharger le plan d'action (.docx)", "Formulaire de suivi à 3 mois (.docx)"]
    assert labels[2:] in ([], ["Fiche de suivi remplie avec les réponses notées (.docx)"])  # once answers exist
    assert not at.exception


def test_an_owner_flagged_after_adoption_is_withheld_and_the_coordinator_is_warned(make_app, conference_at, uow,
                                                                                  coordinator):
    from conference.services import conferences, preparation

    cid = conference_at(Phase.FOLLOW_UP)
    karim = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants
                 if p.name == "Oncle Karim")
    preparation.update_participant(coordinator, cid, karim.id, karim.version, not_safe=True, uow=uow)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "personne retirée — à revoir avec la coordination" in page
    assert "Oncle Karim" not in page
    assert any("ne peut plus figurer dans le plan" in w.value for w in at.warning)
    assert not at.exception


def test_the_family_words_are_shown_escaped(make_app, conference_at):
    cid = conference_at(Phase.FOLLOW_UP)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "Comment on s'organise pour que Lina soit bien entourée" in page.replace("&#x27;", "'")
    assert "A1 · " in page


def test_no_follow_up_opens_the_closure_with_the_adopted_plan_as_its_outcome(make_app, conference_at, uow,
                                                                             coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app(PAGE, conference_id=cid)
    assert at.radio(key=f"follow_up_{cid}_close_outcome").value is None  # nothing chosen yet: nothing implied

    at.radio(key=f"follow_up_{cid}_choice").set_value(False)
    submit(at, f"follow_up_{cid}_choice_save")

    assert at.radio(key=f"follow_up_{cid}_close_outcome").value is Outcome.PLAN_ADOPTED
    at.checkbox(key=f"follow_up_{cid}_close_confirm").check()
    submit(at, f"follow_up_{cid}_close_save")
    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.CLOSED and conf.closure.outcome is Outcome.PLAN_ADOPTED
    assert not at.exception and not at.error
