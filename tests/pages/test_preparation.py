"""AppTest: the preparation page (question, concerns, participants, experts, logistics, meeting)."""
from __future__ import annotations

import re

from pages.ui import escape

from datetime import date

from conference.domain.enums import ChildVoice, InvitationStatus, LogisticsKind, Phase, Relation, Support
from conference.services import conferences, preparation
from pages.preparation_people import NEW_GEN, SNAPSHOT

from .conftest import texts

PAGE = "pages/preparation.py"
# The page's parts, exercised through it: pages/forms.py, pages/preparation_question.py,
# pages/preparation_people.py, pages/preparation_meeting.py.


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
    at.text_area(key="prep_bottom_text").input("Lina n'est jamais seule la nuit.")
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


# --- people: the table of new people, the pasted list, the table of everyone, one person ---------

def _new_table(at) -> str:
    return f"prep_new_people_{at.session_state[NEW_GEN] if NEW_GEN in at.session_state else 0}"


def _people_table(at) -> str:
    return f"prep_people_{at.session_state[SNAPSHOT]['gen']}"


def _type_new_people(at, *rows: dict) -> None:
    """What a coordinator types in the table of new people (one dict per line), then « Ajouter ces personnes »."""
    at.session_state[_new_table(at)] = {"edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}
    at.button(key="prep_new_submit").click().run()


def _edit_people(at, edits: dict[int, dict]) -> None:
    """Cells changed in the table of everyone ({line: {column: value}}), then « Enregistrer les modifications »."""
    at.session_state[_people_table(at)] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.button(key="prep_people_save").click().run()


def _line(at, name: str) -> int:
    return at.session_state[SNAPSHOT]["rows"].index(next(r for r in at.session_state[SNAPSHOT]["rows"]
                                                         if r["name"] == name))


def test_several_people_are_added_from_the_table_in_one_click(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    _type_new_people(at, {"name": "Mamie Odile", "relation": "family", "ring": 1, "invitation": "invited",
                          "supports": ["childcare"], "not_safe": False},
                     {"name": "M. Lefort (voisin)", "relation": "neighbour", "invitation": "to_invite"},
                     {"name": "Marraine Inès", "relation": "family", "invitation": "to_invite", "not_safe": False},
                     {"relation": "family", "invitation": "to_invite", "not_safe": False})  # an empty last line

    assert not at.error and not at.exception
    people = {p.name: p for p in _conf(coordinator, cid, uow).participants}
    assert set(people) == {"Mamie Odile", "M. Lefort (voisin)", "Marraine Inès"}
    odile = people["Mamie Odile"]
    assert (odile.relation, odile.ring, odile.invitation, odile.supports) == (
        Relation.FAMILY, 1, InvitationStatus.INVITED, (Support.CHILDCARE,))
    assert people["M. Lefort (voisin)"].ring == 3  # an empty circle follows the relation
    assert any("3 personnes ajoutées" in t.value for t in at.toast)
    # The table of new people is empty again; everyone is in the table of everyone.
    assert at.session_state[_new_table(at)]["added_rows"] == []
    assert list(at.data_editor(key=_people_table(at)).value["name"]) == ["Mamie Odile", "M. Lefort (voisin)",
                                                                       "Marraine Inès"]


def test_a_pasted_list_adds_everyone_with_their_relation(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="prep_paste_text").input("Tante Fatou; famille\nM. Lefort ; Voisin\n\nCoach de foot de Lina;ami\n"
                                               "Infirmière scolaire; expert·e")
    at.button(key="prep_paste_submit").click().run()

    people = {p.name: p.relation for p in _conf(coordinator, cid, uow).participants}
    assert people == {"Tante Fatou": Relation.FAMILY, "M. Lefort": Relation.NEIGHBOUR,
                      "Coach de foot de Lina": Relation.FRIEND, "Infirmière scolaire": Relation.EXPERT}
    assert at.text_area(key="prep_paste_text").value == ""


def test_a_bad_line_is_refused_with_its_number_and_nothing_is_written(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="prep_paste_text").input("Tante Fatou; famille\nTonton Dédé; tonton\nCousine Yasmine")
    at.button(key="prep_paste_submit").click().run()

    assert at.error and "Ligne 2 (Tonton Dédé)" in texts(at) and "« tonton »" in texts(at)
    assert "Rien n'a été enregistré" in texts(at)
    assert _conf(coordinator, cid, uow).participants == ()
    assert at.text_area(key="prep_paste_text").value.startswith("Tante Fatou")  # the list stays, to be corrected

    _type_new_people(at, {"name": "Mamie Odile", "relation": "family", "invitation": "to_invite"},
                     {"name": "", "relation": "family", "ring": 2, "invitation": "to_invite"})

    assert "Ligne 2 : Veuillez renseigner le nom." in texts(at)
    assert _conf(coordinator, cid, uow).participants == ()
    assert at.session_state[_new_table(at)]["added_rows"][0]["name"] == "Mamie Odile"  # the lines stay


def test_a_list_changed_meanwhile_is_refused_then_added_after_a_look(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    preparation.add_participant(coordinator, cid, uow=uow, name="Mamie Odile", relation="family")  # another tab

    _type_new_people(at, {"name": "Mamie Odile", "relation": "family", "invitation": "to_invite"})

    assert any("La liste des personnes a changé" in w.value for w in at.warning)
    assert [p.name for p in _conf(coordinator, cid, uow).participants] == ["Mamie Odile"]
    assert "Mamie Odile" in list(at.data_editor(key=_people_table(at)).value["name"])  # now on screen

    # Having looked, the coordinator sends a different line: it is added.
    _type_new_people(at, {"name": "Tante Fatou", "relation": "family", "invitation": "to_invite"})
    assert [p.name for p in _conf(coordinator, cid, uow).participants] == ["Mamie Odile", "Tante Fatou"]


def test_corrections_in_the_table_of_everyone_are_saved(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)

    _edit_people(at, {_line(at, "Mamie Mariam"): {"invitation": "declined"},
                      _line(at, "Marraine Inès"): {"ring": 3, "supports": ["emotional", "transport"]}})

    people = {p.name: p for p in _conf(coordinator, cid, uow).participants}
    assert people["Mamie Mariam"].invitation is InvitationStatus.DECLINED
    assert (people["Marraine Inès"].ring, people["Marraine Inès"].supports) == (3, (Support.EMOTIONAL,
                                                                                   Support.TRANSPORT))
    row = at.session_state[SNAPSHOT]["rows"][_line(at, "Mamie Mariam")]
    assert row["invitation"] == "declined"  # the table shows what is saved


def test_a_not_safe_person_is_marked_and_can_never_be_invited(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    assert "ne pas inviter (sécurité)" in texts(at) and "Julien Moreau" in texts(at)

    _edit_people(at, {_line(at, "Julien Moreau"): {"invitation": "invited"}})

    assert "Julien Moreau" in texts(at) and "ne peut pas être invitée" in texts(at)
    julien = _person(_conf(coordinator, cid, uow), "Julien Moreau")
    assert julien.invitation is InvitationStatus.NOT_TO_INVITE

    # A new person flagged not safe but marked "invited" is refused with the reason, and not added.
    _type_new_people(at, {"name": "M. Imaginaire Dangereux", "relation": "family", "invitation": "invited",
                          "not_safe": True})
    assert "M. Imaginaire Dangereux" not in [p.name for p in _conf(coordinator, cid, uow).participants]
    assert "ne peut pas être invitée" in texts(at)

    # Flagged not safe with the default status, the person is recorded as not to be invited.
    _type_new_people(at, {"name": "M. Imaginaire Dangereux", "relation": "family", "invitation": "to_invite",
                          "not_safe": True})
    added = _person(_conf(coordinator, cid, uow), "M. Imaginaire Dangereux")
    assert added.not_safe and added.invitation is InvitationStatus.NOT_TO_INVITE
    assert any("ne seront jamais invitées" in w.value for w in at.warning)


def test_flagging_a_person_as_not_safe_later_withdraws_the_invitation(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)

    _edit_people(at, {_line(at, "Oncle Karim"): {"not_safe": True}})

    karim = _person(_conf(coordinator, cid, uow), "Oncle Karim")
    assert karim.not_safe and karim.invitation is InvitationStatus.NOT_TO_INVITE
    # He booked the room: the page now asks for someone else.
    assert any("choisissez quelqu'un d'autre" in w.value for w in at.warning)


def test_a_correction_made_elsewhere_meanwhile_is_not_overwritten(make_app, coordinator, uow, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)
    mariam = _person(_conf(coordinator, cid, uow), "Mamie Mariam")
    preparation.update_participant(coordinator, cid, mariam.id, mariam.version, uow=uow, ring=2)  # a colleague

    _edit_people(at, {_line(at, "Mamie Mariam"): {"ring": 3}, _line(at, "Oncle Karim"): {"ring": 3}})

    assert any("Rien n'a été enregistré" in w.value for w in at.warning)
    people = {p.name: p for p in _conf(coordinator, cid, uow).participants}
    assert people["Mamie Mariam"].ring == 2 and people["Oncle Karim"].ring != 3
    assert at.session_state[SNAPSHOT]["rows"][_line(at, "Mamie Mariam")]["ring"] == 2  # the latest is shown


def test_one_persons_details_are_saved_and_a_person_is_removed_after_confirmation(make_app, coordinator, uow,
                                                                                  conference_at):
    cid = conference_at(Phase.PREPARATION)
    coach = _person(_conf(coordinator, cid, uow), "Coach de foot de Lina")
    at = make_app(PAGE, conference_id=cid)
    assert f"prep_detail_phone_{coach.id}" not in [w.key for w in at.text_input]  # details only when asked for

    at.selectbox(key="prep_detail_id").set_value(coach.id).run()
    at.text_input(key=f"prep_detail_phone_{coach.id}").input("06 00 00 00 00")
    at.button(key=f"prep_detail_save_{coach.id}").click().run()
    assert _person(_conf(coordinator, cid, uow), "Coach de foot de Lina").phone == "06 00 00 00 00"

    at.button(key=f"prep_person_remove_{coach.id}").click().run()

    assert "Coach de foot de Lina" not in {p.name for p in _conf(coordinator, cid, uow).participants}
    assert not at.exception


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
    hostile = "<img src=x onerror=alert(1)> **Gras**"
    ident = preparation.add_participant(coordinator, cid, uow=uow, name=hostile, relation="friend", not_safe=True)
    preparation.add_bottom_line(coordinator, cid, "[lien](javascript:alert(1))", uow=uow)

    at = make_app(PAGE, conference_id=cid)
    at.selectbox(key="prep_detail_id").set_value(ident).run()  # the one-person panel titles the name

    raw = "\n".join(m.value for m in [*at.markdown, *at.title, *at.caption, *at.subheader])
    assert hostile in texts(at)  # shown exactly as typed (not-safe list, one-person panel)
    assert escape(hostile) in raw  # reached markdown only escaped
    assert not re.search(r"(?<!\\)<img", raw) and "](javascript" not in raw
    assert list(at.data_editor(key=_people_table(at)).value["name"]) == [hostile]  # a table cell is plain text


def test_preparation_waits_until_the_orientation_is_complete(make_app, coordinator, uow):
    cid = conferences.create_conference(coordinator, "Famille Imaginaire-Test", uow=uow)

    at = make_app(PAGE, conference_id=cid)

    assert "La préparation commence quand l'orientation est terminée" in texts(at)
    assert not at.text_area  # nothing to fill in yet


def _widget_count(at) -> int:
    return sum(len(getattr(at, kind)) for kind in ("text_input", "text_area", "selectbox", "checkbox", "radio",
                                                   "button", "date_input", "data_editor", "expander"))


def test_the_page_has_no_widget_per_person_so_a_big_network_stays_quick(make_app, coordinator, uow):
    """Speed guard (issue #7): 4.9 s with one form per person at 150 people. However many
    people the family names, the page holds the same widgets: two tables, one list."""
    cid = _bare_preparation(coordinator, uow)
    preparation.add_participants(coordinator, cid, [{"name": f"Cousin fictif n° {i}"} for i in range(5)], 0,
                                 uow=uow)
    small = _widget_count(make_app(PAGE, conference_id=cid))
    seen = preparation.roster_version(p.id for p in _conf(coordinator, cid, uow).participants)
    preparation.add_participants(coordinator, cid, [{"name": f"Cousine fictive n° {i}"} for i in range(145)], seen,
                                 uow=uow)

    at = make_app(PAGE, conference_id=cid)

    assert len(at.data_editor(key=_people_table(at)).value) == 150
    assert _widget_count(at) == small


def test_save_and_start_the_meeting_saves_the_date_and_starts_the_meeting_in_one_click(make_app, conference_at,
                                                                                      coordinator, uow):
    cid = conference_at(Phase.PREPARATION)
    at = make_app(PAGE, conference_id=cid)

    at.date_input(key="prep_meeting_date").set_value(date(2026, 12, 8))
    at.button(key="prep_meeting_save_start").click().run()

    conf = _conf(coordinator, cid, uow)
    assert conf.meeting_date == date(2026, 12, 8)
    assert conf.phase is Phase.INFORMATION_SHARING
    assert not at.exception and not at.error


def test_several_bottom_lines_typed_one_per_line_are_added_at_once(make_app, coordinator, uow):
    cid = _bare_preparation(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="prep_bottom_text").input("Lina n'est jamais seule la nuit.\n\n  Un adulte connu de l'école "
                                               "vient la chercher.  \n")
    at.button(key="prep_bottom_add").click().run()

    conf = _conf(coordinator, cid, uow)
    assert [b.text for b in conf.bottom_lines] == ["Lina n'est jamais seule la nuit.",
                                                   "Un adulte connu de l'école vient la chercher."]
    assert at.text_area(key="prep_bottom_text").value == ""
    assert not at.exception and not at.error
