"""AppTest: the preparation page (question, concerns, participants, experts, logistics, meeting)."""
from __future__ import annotations

import re

from pages.ui import escape

from datetime import date

from conference.domain.enums import ChildVoice, InvitationStatus, LogisticsKind, Phase, Relation
from conference.services import conferences, preparation

from .conftest import texts

PAGE = "pages/preparation.py"


def _conf(coordinator, cid, uow):
    return conferences.get_conference(coordinator, cid, uow=uow)


def _person(conf, name):
    return next(p for p in conf.participants if p.name == name)


def _bare_preparation(coordinator, uow) -> int:
    """A conference that has just entered preparation: nothing prepared yet."""
    cid = conferences.create_conference(coordinator, "Famille Imaginaire-Test", uow=uow)
    conf = _conf(coordinator, cid, uow)
    conferences.update_orientation(coordinator, cid, conf.version, uow=uow, situation="Situation fictive.",
                                   field="enfance", referral_source="professional", family_agreement=True,
                                   information_duty_met=True, coordinator_institution="Association Fictive",
                                   referent_institution="ASE fictive")
    conferences.change_phase(coordinator, cid, Phase.PREPARATION, uow=uow)
    return cid


def test_a_new_central_question_version_is_saved_and_the_earlier_one_listed(make_app, coordinator, uow,
                                                                            conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    assert at.text_area(key="prep_q_text").value.startswith("Comment on s'organise")

    at.text_area(key="prep_q_text").input("Qui est là pour Lina le soir et le week-end ?")
    at.text_area(key="prep_q_different").input("Lina dort bien.")
    at.button(key="prep_q_save").click().run()

    conf = _conf(coordinator, cid, uow)
    assert conf.question.number == 3 and conf.question.text == "Qui est là pour Lina le soir et le week-end ?"
    assert conf.question.what_different == "Lina dort bien."
    assert len(conf.question_history) == 3
    assert "Qui est là pour Lina le soir et le week-end ?" in texts(at)
    assert "Versions précédentes (2)" in [e.label for e in at.expander]
    assert "**Version 2** · 23/11/2026" in texts(at)


def test_saving_the_same_question_again_creates_no_version(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="prep_q_save").click().run()

    assert _conf(coordinator, cid, uow).question.number == 2
    assert any("pas de nouvelle version" in t.value for t in at.toast)


def test_a_question_changed_elsewhere_is_not_overwritten(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    preparation.save_central_question(coordinator, cid, "Écrite par une collègue ?", expected_number=2, uow=uow)

    at.text_area(key="prep_q_text").input("Écrite sur la page restée ouverte ?")
    at.button(key="prep_q_save").click().run()

    assert at.error and "Quelqu'un a enregistré une modification" in at.error[0].value
    assert _conf(coordinator, cid, uow).question.text == "Écrite par une collègue ?"


def test_question_parts_and_bottom_lines_are_added_and_removed(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_input(key="prep_part_text").input("Le mercredi")
    at.button(key="prep_part_add").click().run()
    at.text_input(key="prep_bottom_text").input("Lina n'est jamais seule la nuit.")
    at.button(key="prep_bottom_add").click().run()

    conf = _conf(coordinator, cid, uow)
    assert [p.text for p in conf.parts] == ["Le mercredi"]
    assert [b.text for b in conf.bottom_lines] == ["Lina n'est jamais seule la nuit."]
    assert at.text_input(key="prep_part_text").value == ""  # the form is ready for the next one

    at.button(key=f"prep_part_remove_{conf.parts[0].id}").click().run()
    assert _conf(coordinator, cid, uow).parts == ()


def test_the_meeting_date_is_saved_even_right_after_saving_the_concerns(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="prep_concerns").input("Lina est restée seule plusieurs soirs.")
    at.button(key="prep_concerns_save").click().run()
    at.date_input(key="prep_meeting_date").set_value(date(2026, 12, 7))
    at.text_input(key="prep_meeting_place").input("Centre social des Tilleuls (fictif)")
    at.radio(key="prep_child_voice").set_value(ChildVoice.LETTER_OR_DRAWING)
    at.button(key="prep_meeting_save").click().run()

    assert not at.error
    conf = _conf(coordinator, cid, uow)
    assert conf.concerns == "Lina est restée seule plusieurs soirs."
    assert conf.meeting_date == date(2026, 12, 7)
    assert conf.meeting_place == "Centre social des Tilleuls (fictif)"
    assert conf.child_voice is ChildVoice.LETTER_OR_DRAWING
    assert at.date_input(key="prep_meeting_date").value == date(2026, 12, 7)


def test_adding_a_participant_records_relation_ring_and_invitation(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_input(key="prep_add_name").input("Mamie Odile")
    at.selectbox(key="prep_add_relation").set_value(Relation.FAMILY)
    at.radio(key="prep_add_ring").set_value(1)
    at.selectbox(key="prep_add_invitation").set_value(InvitationStatus.INVITED)
    at.button(key="prep_add_submit").click().run()

    person = _person(_conf(coordinator, cid, uow), "Mamie Odile")
    assert (person.relation, person.ring, person.invitation) == (Relation.FAMILY, 1, InvitationStatus.INVITED)
    assert "**Mamie Odile**" in texts(at)
    assert at.text_input(key="prep_add_name").value == ""


def test_a_participant_without_a_relation_is_refused_and_the_typed_name_stays(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_input(key="prep_add_name").input("Tonton Imaginaire")
    at.button(key="prep_add_submit").click().run()

    assert at.error and "Veuillez renseigner" in at.error[0].value
    assert _conf(coordinator, cid, uow).participants == ()
    assert at.text_input(key="prep_add_name").value == "Tonton Imaginaire"


def test_the_invitation_status_is_changed_in_place(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    mariam = _person(_conf(coordinator, cid, uow), "Mamie Mariam")
    at = make_app(PAGE, conference_id=cid)

    at.selectbox(key=f"prep_inv_{mariam.id}").set_value(InvitationStatus.DECLINED)
    at.button(key=f"prep_inv_save_{mariam.id}").click().run()

    assert _person(_conf(coordinator, cid, uow), "Mamie Mariam").invitation is InvitationStatus.DECLINED
    assert at.selectbox(key=f"prep_inv_{mariam.id}").value is InvitationStatus.DECLINED


def test_a_not_safe_person_is_marked_and_can_never_be_invited(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    julien = _person(_conf(coordinator, cid, uow), "Julien Moreau")
    at = make_app(PAGE, conference_id=cid)

    assert "ne pas inviter (sécurité)" in texts(at)
    # His invitation cannot be changed on the page (AppTest refuses to touch a disabled widget, as a browser).
    assert at.selectbox(key=f"prep_inv_{julien.id}").disabled
    assert at.selectbox(key=f"prep_inv_{julien.id}").value is InvitationStatus.NOT_TO_INVITE

    # A new person flagged not safe but marked "invited" is refused with the reason, and not added.
    at.text_input(key="prep_add_name").input("M. Imaginaire Dangereux")
    at.selectbox(key="prep_add_relation").set_value(Relation.FAMILY)
    at.selectbox(key="prep_add_invitation").set_value(InvitationStatus.INVITED)
    at.checkbox(key="prep_add_not_safe").check()
    at.button(key="prep_add_submit").click().run()

    assert "M. Imaginaire Dangereux" not in [p.name for p in _conf(coordinator, cid, uow).participants]
    assert any("ne peut pas être invitée" in e.value for e in at.error)

    # Flagged not safe with the default status, the person is recorded as not to be invited.
    at.selectbox(key="prep_add_invitation").set_value(InvitationStatus.TO_INVITE)
    at.button(key="prep_add_submit").click().run()

    added = _person(_conf(coordinator, cid, uow), "M. Imaginaire Dangereux")
    assert added.not_safe and added.invitation is InvitationStatus.NOT_TO_INVITE


def test_flagging_a_person_as_not_safe_later_withdraws_the_invitation(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    karim = _person(_conf(coordinator, cid, uow), "Oncle Karim")
    at = make_app(PAGE, conference_id=cid)

    at.checkbox(key=f"prep_edit_not_safe_{karim.id}").check()
    at.button(key=f"prep_edit_save_{karim.id}").click().run()

    karim = _person(_conf(coordinator, cid, uow), "Oncle Karim")
    assert karim.not_safe and karim.invitation is InvitationStatus.NOT_TO_INVITE
    assert at.selectbox(key=f"prep_inv_{karim.id}").disabled
    # He booked the room: the page now asks for someone else.
    assert any("choisissez quelqu'un d'autre" in w.value for w in at.warning)


def test_a_participant_is_removed_after_confirmation(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    coach = _person(_conf(coordinator, cid, uow), "Coach de foot de Lina")
    at = make_app(PAGE, conference_id=cid)

    at.button(key=f"prep_person_remove_{coach.id}").click().run()

    assert "Coach de foot de Lina" not in {p.name for p in _conf(coordinator, cid, uow).participants}


def test_experts_are_listed_with_the_question_they_answer(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    nurse = _person(_conf(coordinator, cid, uow), "Infirmière scolaire")
    at = make_app(PAGE, conference_id=cid)
    assert at.text_area(key=f"prep_expert_q_{nurse.id}").value.startswith("Qu'est-ce qui aide")

    at.text_area(key=f"prep_expert_q_{nurse.id}").input("Comment parler de l'hôpital à Lina ?")
    at.button(key=f"prep_expert_save_{nurse.id}").click().run()

    assert _person(_conf(coordinator, cid, uow), "Infirmière scolaire").expert_question == \
        "Comment parler de l'hôpital à Lina ?"


def test_a_logistics_task_is_added_with_an_owner_and_ticked_done(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    conf = _conf(coordinator, cid, uow)
    ines, julien = _person(conf, "Marraine Inès"), _person(conf, "Julien Moreau")
    at = make_app(PAGE, conference_id=cid)
    owners = at.selectbox(key="prep_task_owner").options
    assert "Marraine Inès" in owners and julien.name not in owners  # never a person flagged not safe

    at.selectbox(key="prep_task_kind").set_value(LogisticsKind.CHILDCARE)
    at.text_input(key="prep_task_description").input("Garder les cousins pendant la réunion")
    at.selectbox(key="prep_task_owner").set_value(ines.id)
    at.button(key="prep_task_add").click().run()

    task = next(t for t in _conf(coordinator, cid, uow).logistics if t.kind is LogisticsKind.CHILDCARE)
    assert (task.description, task.owner_id, task.done) == ("Garder les cousins pendant la réunion", ines.id, False)

    at.checkbox(key=f"prep_task_done_{task.id}").check()
    at.button(key=f"prep_task_save_{task.id}").click().run()
    assert next(t for t in _conf(coordinator, cid, uow).logistics if t.id == task.id).done


def test_missing_items_are_listed_before_the_meeting(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "écrire la question centrale avec la famille" in page
    assert "fixer la date de la réunion" in page or "date de la réunion" in page
    at.button(key="prep_next").click().run()
    assert at.error and "Pas encore possible" in at.error[0].value
    assert _conf(coordinator, cid, uow).phase is Phase.PREPARATION


def test_the_next_step_moves_the_conference_to_the_meeting(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    assert "Tout est prêt pour la réunion" in texts(at)

    at.button(key="prep_next").click().run()

    assert _conf(coordinator, cid, uow).phase is Phase.INFORMATION_SHARING


def test_user_text_is_escaped_on_the_page(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    preparation.add_participant(coordinator, cid, uow=uow, name="<img src=x onerror=alert(1)> **Gras**",
                                relation="friend")
    preparation.add_bottom_line(coordinator, cid, "[lien](javascript:alert(1))", uow=uow)

    at = make_app(PAGE, conference_id=cid)

    raw = "\n".join(m.value for m in [*at.markdown, *at.title, *at.caption, *at.subheader])
    assert "<img src=x onerror=alert(1)> **Gras**" in texts(at)  # shown exactly as typed
    assert escape("<img src=x onerror=alert(1)> **Gras**") in raw  # reached markdown only escaped
    assert not re.search(r"(?<!\\)<img", raw) and "](javascript" not in raw


def test_preparation_waits_until_the_orientation_is_complete(make_app, coordinator, uow):
    cid = conferences.create_conference(coordinator, "Famille Imaginaire-Test", uow=uow)

    at = make_app(PAGE, conference_id=cid)

    assert "La préparation commence quand l'orientation est terminée" in texts(at)
    assert not at.text_area  # nothing to fill in yet
