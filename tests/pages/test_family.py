"""AppTest: the family's plan editor in family mode (the screen handed to the family)."""
from __future__ import annotations

from datetime import date

import pytest

from conference.domain.enums import Phase
from conference.services import conferences, private_time

from pages import ui

from .conftest import texts

PAGE = "pages/family.py"


@pytest.fixture
def family_app(open_as_family):
    """The app in family mode for conference ``cid``, opened on the plan editor."""
    return lambda cid: open_as_family(cid, PAGE)


def draft(uow, coordinator, cid):
    """The draft as the family reads it, on the screen handed over (the same open hand-over)."""
    return private_time.get_plan_draft(private_time.hand_screen_to_family(coordinator, cid, uow=uow), cid, uow=uow)


def widget(at, kind: str, prefix: str, suffix: str):
    """The one widget of ``kind`` whose key starts with ``prefix`` and ends with ``suffix``."""
    found = [w for w in getattr(at, kind) if w.key and w.key.startswith(prefix) and w.key.endswith(suffix)]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def people(uow, coordinator, cid) -> dict[str, int]:
    return {p.name: p.id for p in conferences.get_conference(coordinator, cid, uow=uow).participants}


def test_the_editor_is_headed_by_the_central_question_and_its_parts(family_app, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)

    at = family_app(cid)

    assert at.header[0].value == ui.escape(
        "Comment on s'organise pour que Lina soit bien entourée pendant l'hospitalisation de maman, "
        "le soir et le week-end ?")
    page = texts(at)
    assert "Le soir" in page and "Lina n'est jamais seule la nuit." in page
    assert not at.exception and not at.error


def test_the_family_adds_an_action_with_every_field_and_it_persists(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    ids = people(uow, coordinator, cid)
    parts = {p.text: p.id for p in conferences.get_conference(coordinator, cid, uow=uow).parts}
    at = family_app(cid)

    widget(at, "text_area", "family_add_0_a0_", "_what").input("Mamie Odile prépare le goûter le mercredi")
    widget(at, "radio", "family_add_0_a0_", "_who").set_value(ids["Mamie Mariam"])  # every name a button
    widget(at, "date_input", "family_add_0_a0_", "_due").set_value(date(2026, 12, 9))
    widget(at, "text_input", "family_add_0_a0_", "_when").input("Chaque mercredi à 16 h")
    widget(at, "text_area", "family_add_0_a0_", "_sign").input("Lina raconte son mercredi à maman")
    widget(at, "text_area", "family_add_0_a0_", "_support").input("Un trajet en voiture")
    widget(at, "checkbox", "family_add_0_a0_", f"_part_{parts['Le soir']}").check()  # one tick per part
    at.button(key="family_add_save").click().run()

    added = draft(uow, coordinator, cid).actions[-1]
    assert added.what == "Mamie Odile prépare le goûter le mercredi"
    assert added.who_id == ids["Mamie Mariam"] and added.who_text == ""
    assert added.due == date(2026, 12, 9) and added.when_text == "Chaque mercredi à 16 h"
    assert added.success_sign == "Lina raconte son mercredi à maman" and added.support_needed == "Un trajet en voiture"
    assert added.parts == (parts["Le soir"],)
    assert "Mamie Odile prépare le goûter le mercredi" in texts(at)
    assert widget(at, "text_area", "family_add_1_a0_", "_what").value == ""  # a fresh form for the next one
    assert not at.exception and not at.error


def test_someone_outside_the_list_can_own_an_action(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    at = family_app(cid)

    widget(at, "text_area", "family_add_0_a0_", "_what").input("Appeler la voisine Paulette si besoin")
    widget(at, "radio", "family_add_0_a0_", "_who").set_value(0)  # "someone else"
    widget(at, "text_input", "family_add_0_a0_", "_who_text").input("Voisine Paulette")
    at.button(key="family_add_save").click().run()

    added = draft(uow, coordinator, cid).actions[-1]
    assert added.who_id is None and added.who_text == "Voisine Paulette"


def test_a_person_flagged_not_safe_is_never_offered_nor_shown(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    assert "Julien Moreau" in people(uow, coordinator, cid)  # in the network, flagged not safe

    at = family_app(cid)

    assert "Julien Moreau" not in str(widget(at, "radio", "family_add_0_a0_", "_who").options)
    assert "Julien Moreau" not in texts(at)


def test_the_family_edits_an_action_and_it_persists(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    first = draft(uow, coordinator, cid).actions[0]
    at = family_app(cid)

    what = widget(at, "text_area", f"family_edit_{first.id}_", "_what")
    what.input("Mamie Mariam dort à l'appartement tous les soirs")
    widget(at, "date_input", f"family_edit_{first.id}_", "_due").set_value(date(2026, 12, 1))
    at.button(key=f"family_edit_save_{first.id}").click().run()

    edited = draft(uow, coordinator, cid).actions[0]
    assert edited.id == first.id
    assert edited.what == "Mamie Mariam dort à l'appartement tous les soirs" and edited.due == date(2026, 12, 1)
    assert edited.who_id == first.who_id and edited.parts == first.parts  # the rest is kept
    assert not at.error


def test_the_family_removes_an_action_and_it_is_gone(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    before = draft(uow, coordinator, cid).actions
    at = family_app(cid)

    at.button(key=f"family_remove_{before[1].id}").click().run()

    after = draft(uow, coordinator, cid).actions
    assert [a.id for a in after] == [a.id for a in before if a.id != before[1].id]
    assert not at.error


def test_if_it_does_not_work_and_the_follow_up_are_saved(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    at = family_app(cid)

    widget(at, "text_area", "family_texts_", "_if_not").set_value("Si Mariam est malade, Inès vient dormir.")
    widget(at, "text_area", "family_texts_", "_follow").set_value("Karim appelle tout le monde chaque dimanche.")
    at.button(key="family_texts_save").click().run()

    saved = draft(uow, coordinator, cid)
    assert saved.if_not_working == "Si Mariam est malade, Inès vient dormir."
    assert saved.follow_arrangement == "Karim appelle tout le monde chaque dimanche."


def test_an_empty_action_is_refused_with_a_plain_message(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    count = len(draft(uow, coordinator, cid).actions)
    at = family_app(cid)

    at.button(key="family_add_save").click().run()

    assert at.error and "Veuillez renseigner ce qui sera fait" in at.error[0].value
    assert len(draft(uow, coordinator, cid).actions) == count


def test_a_second_screen_saving_an_old_version_gets_the_conflict_message_and_overwrites_nothing(
        family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    first_action = draft(uow, coordinator, cid).actions[0]
    tablet, laptop = family_app(cid), family_app(cid)

    widget(tablet, "text_area", f"family_edit_{first_action.id}_", "_what").input("Texte de la tablette")
    tablet.button(key=f"family_edit_save_{first_action.id}").click().run()
    widget(laptop, "text_area", f"family_edit_{first_action.id}_", "_what").input("Texte de l'ordinateur")
    laptop.button(key=f"family_edit_save_{first_action.id}").click().run()

    assert laptop.error and "Quelqu'un d'autre vient d'enregistrer le plan" in laptop.error[0].value
    assert draft(uow, coordinator, cid).actions[0].what == "Texte de la tablette"
    # The laptop now shows the tablet's text, in the list and in the edit form.
    assert "Texte de la tablette" in texts(laptop)
    assert widget(laptop, "text_area", f"family_edit_{first_action.id}_", "_what").value == "Texte de la tablette"


def test_a_second_screen_adding_on_an_old_version_adds_nothing(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    tablet, laptop = family_app(cid), family_app(cid)

    widget(tablet, "text_area", "family_texts_", "_if_not").set_value("Version de la tablette")
    tablet.button(key="family_texts_save").click().run()
    count = len(draft(uow, coordinator, cid).actions)
    widget(laptop, "text_area", "family_add_0_a0_", "_what").input("Action écrite sur l'ordinateur")
    laptop.button(key="family_add_save").click().run()

    assert laptop.error and "Quelqu'un d'autre vient d'enregistrer le plan" in laptop.error[0].value
    assert len(draft(uow, coordinator, cid).actions) == count
    assert draft(uow, coordinator, cid).if_not_working == "Version de la tablette"
    # The typed text is kept: once the latest version is on screen, adding works.
    laptop.button(key="family_add_save").click().run()
    assert draft(uow, coordinator, cid).actions[-1].what == "Action écrite sur l'ordinateur"


def test_we_have_finished_moves_to_validation_and_closes_the_editor(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    at = family_app(cid)

    at.button(key="family_finish").click().run()

    assert conferences.get_conference(coordinator, cid, uow=uow).phase is Phase.VALIDATION
    assert "Le temps privé est terminé" in texts(at)
    assert not any(b.key == "family_add_save" for b in at.button)


def test_outside_private_time_the_editor_only_says_it_is_over(family_app, conference_at):
    cid = conference_at(Phase.VALIDATION)

    at = family_app(cid)

    assert "Le temps privé est terminé" in texts(at)
    assert not [b for b in at.button if b.key and b.key.startswith("family_")]


def test_leaving_family_mode_goes_through_the_coordinators_lock(family_app, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)

    at = family_app(cid)

    links = [link for link in at.get("page_link") if link.proto.page == "rendre-ecran"]  # pages/family_exit.py
    assert links, "the way back must be the exit page (coordinator's password), not a button here"
    assert at.session_state["family_actor"].conference_id == cid


def test_our_conference_page_hides_an_owner_flagged_after_adoption(open_as_family, conference_at, uow, coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    karim = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants
                 if p.name == "Oncle Karim")
    from conference.services import preparation

    preparation.update_participant(coordinator, cid, karim.id, karim.version, not_safe=True, uow=uow)

    at = open_as_family(cid, "pages/family_home.py")

    page = texts(at)
    assert "Notre plan" in page or "plan" in page
    assert "Karim" not in page
    assert "personne retirée — à revoir avec la coordination" in page
    assert not at.exception


def test_the_family_adds_several_actions_at_once_and_empty_blocks_are_ignored(family_app, conference_at, uow,
                                                                             coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    ids = people(uow, coordinator, cid)
    lines = {b.text: b.id for b in conferences.get_conference(coordinator, cid, uow=uow).bottom_lines}
    before = len(draft(uow, coordinator, cid).actions)
    at = family_app(cid)

    widget(at, "text_area", "family_add_0_a0_", "_what").input("Mamie Mariam dort chez Lina le lundi")
    widget(at, "radio", "family_add_0_a0_", "_who").set_value(ids["Mamie Mariam"])
    widget(at, "date_input", "family_add_0_a0_", "_due").set_value(date(2026, 12, 7))
    night = lines["Lina n'est jamais seule la nuit."]
    widget(at, "checkbox", "family_add_0_a0_", f"_line_{night}").check()
    widget(at, "text_area", "family_add_0_a1_", "_what").input("Oncle Karim va chercher Lina le mardi")
    widget(at, "radio", "family_add_0_a1_", "_who").set_value(ids["Oncle Karim"])
    at.button(key="family_add_save").click().run()  # the third block stays empty

    actions = draft(uow, coordinator, cid).actions
    assert len(actions) == before + 2
    first, second = actions[-2:]
    assert first.what == "Mamie Mariam dort chez Lina le lundi" and first.who_id == ids["Mamie Mariam"]
    assert first.due == date(2026, 12, 7) and first.bottom_lines == (night,)
    assert second.what == "Oncle Karim va chercher Lina le mardi" and second.who_id == ids["Oncle Karim"]
    assert widget(at, "text_area", "family_add_1_a0_", "_what").value == ""  # fresh blocks
    assert not at.exception and not at.error


def test_a_block_without_what_refuses_the_whole_addition(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    ids = people(uow, coordinator, cid)
    before = len(draft(uow, coordinator, cid).actions)
    at = family_app(cid)

    widget(at, "text_area", "family_add_0_a0_", "_what").input("Marraine Inès appelle Lina le soir")
    widget(at, "radio", "family_add_0_a1_", "_who").set_value(ids["Oncle Karim"])  # who, but no what
    at.button(key="family_add_save").click().run()

    assert len(draft(uow, coordinator, cid).actions) == before  # nothing half-added
    assert at.error
    assert widget(at, "text_area", "family_add_0_a0_", "_what").value == "Marraine Inès appelle Lina le soir"


def test_once_finished_the_coordinator_takes_the_screen_back_right_there_and_lands_on_validation(
        family_app, conference_at, uow, coordinator):
    from ..factories import TEST_PIN

    cid = conference_at(Phase.PRIVATE_TIME)
    at = family_app(cid)
    at.button(key="family_finish").click().run()

    at.text_input(key="family_done_exit_password").input(TEST_PIN)  # on the family's screen, no menu
    at.button(key="FormSubmitter:family_done_exit_form-Reprendre l'écran").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert "family_actor" not in at.session_state
    assert "1. Vérifier la forme" in texts(at)  # the coordinator's validation screen, not private time
