"""AppTest: the orientation page (situation, agreement, neutrality, next step)."""
from __future__ import annotations

from conference.domain.enums import Field, Phase, ReferralSource
from conference.services import conferences

from .conftest import texts

PAGE = "pages/orientation.py"


def _conf(coordinator, cid, uow):
    return conferences.get_conference(coordinator, cid, uow=uow)


def _fill_complete_orientation(at, *, institution="Association Imaginaire des Tilleuls"):
    at.text_area(key="orientation_situation").input("Lina, 8 ans, reste souvent seule le soir.")
    at.selectbox(key="orientation_field").set_value(Field.CHILDHOOD)
    at.radio(key="orientation_referral").set_value(ReferralSource.PROFESSIONAL)
    at.text_input(key="orientation_referent_institution").input("Aide sociale à l'enfance (fictive)")
    at.text_input(key="orientation_referent_name").input("M. Référent Imaginaire")
    at.checkbox(key="orientation_agreement").check()
    at.checkbox(key="orientation_information").check()
    at.text_input(key="orientation_institution").input(institution)


def _new_conference(coordinator, uow) -> int:
    return conferences.create_conference(coordinator, "Famille Imaginaire-Test", uow=uow)


def test_the_orientation_form_saves_and_the_values_persist(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    _fill_complete_orientation(at)
    at.button(key="orientation_save").click().run()

    conf = _conf(coordinator, cid, uow)
    assert not at.error
    assert conf.situation == "Lina, 8 ans, reste souvent seule le soir."
    assert conf.field is Field.CHILDHOOD and conf.referral_source is ReferralSource.PROFESSIONAL
    assert conf.family_agreement and conf.information_duty_met
    assert conf.referent_name == "M. Référent Imaginaire"
    assert conf.neutrality.coordinator_institution == "Association Imaginaire des Tilleuls"
    # The page shows what was saved, and nothing is missing any more.
    assert at.text_area(key="orientation_situation").value == conf.situation
    assert "Tout est prêt" in texts(at)


def test_missing_items_are_listed_in_plain_french(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at)
    assert "décrire la situation" in page
    assert "choisir le domaine" in page or "domaine" in page
    assert "accord de la famille" in page


def test_a_neutrality_conflict_warns_and_blocks_until_a_co_coordinator_from_another_structure(
        make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    _fill_complete_orientation(at)
    at.checkbox(key="orientation_prior_knowledge").check()
    at.button(key="orientation_save").click().run()

    assert any("conflit de neutralité" in w.value.lower() for w in at.warning)
    assert "bloquée" in " ".join(w.value for w in at.warning)
    at.button(key="orientation_next").click().run()
    assert at.error and "Pas encore possible" in at.error[0].value
    assert _conf(coordinator, cid, uow).phase is Phase.ORIENTATION

    # A co-coordinator from the referent's own structure does not lift the conflict.
    at.text_input(key="orientation_co_name").input("Mme Co-Coordinatrice Fictive")
    at.text_input(key="orientation_co_institution").input("Aide sociale à l'enfance (fictive)")
    at.button(key="orientation_save").click().run()
    assert at.warning and _conf(coordinator, cid, uow).phase is Phase.ORIENTATION

    at.text_input(key="orientation_co_institution").input("Association Voisine Imaginaire")
    at.button(key="orientation_save").click().run()
    assert not at.warning
    assert "co-coordinat" in " ".join(s.value for s in at.success).lower()
    at.button(key="orientation_next").click().run()
    assert _conf(coordinator, cid, uow).phase is Phase.PREPARATION


def test_the_same_institution_as_the_referent_is_a_conflict(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)

    _fill_complete_orientation(at, institution="  aide sociale à l'enfance (FICTIVE) ")
    at.button(key="orientation_save").click().run()

    assert "même structure" in " ".join(w.value for w in at.warning)
    assert "neutralité" in texts(at)


def test_the_next_step_moves_the_conference_to_preparation(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    _fill_complete_orientation(at)
    at.button(key="orientation_save").click().run()

    at.button(key="orientation_next").click().run()

    assert _conf(coordinator, cid, uow).phase is Phase.PREPARATION
    assert "Trouver la question avec la famille" in texts(at)  # the preparation page is shown


def test_a_stale_form_shows_the_conflict_message_and_changes_nothing(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    loaded = _conf(coordinator, cid, uow)
    conferences.update_orientation(coordinator, cid, loaded.version, uow=uow, situation="Écrit par une collègue.")

    at.text_area(key="orientation_situation").input("Écrit sur la page restée ouverte.")
    at.button(key="orientation_save").click().run()

    assert at.error and "Quelqu'un a enregistré une modification" in at.error[0].value
    assert _conf(coordinator, cid, uow).situation == "Écrit par une collègue."
    # The typed text is still there; the coordinator can choose to load the latest version.
    assert at.text_area(key="orientation_situation").value == "Écrit sur la page restée ouverte."
    at.button(key="orientation_reload").click().run()
    assert at.text_area(key="orientation_situation").value == "Écrit par une collègue."


def test_user_text_is_shown_as_text_not_markup(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    conf = _conf(coordinator, cid, uow)
    conferences.update_orientation(coordinator, cid, conf.version, uow=uow, prior_knowledge=True,
                                   co_coordinator_name="<b>Mme</b> **Gras**")

    at = make_app(PAGE, conference_id=cid)

    assert at.text_input(key="orientation_co_name").value == "<b>Mme</b> **Gras**"
    assert not at.exception


def test_save_and_go_on_saves_the_form_and_opens_preparation_in_one_click(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    _fill_complete_orientation(at)

    at.button(key="orientation_save_next").click().run()

    conf = _conf(coordinator, cid, uow)
    assert conf.phase is Phase.PREPARATION and conf.family_agreement
    assert not at.exception and not at.error


def test_save_and_go_on_with_something_missing_saves_and_says_what_is_missing(make_app, coordinator, uow):
    cid = _new_conference(coordinator, uow)
    at = make_app(PAGE, conference_id=cid)
    _fill_complete_orientation(at)
    at.checkbox(key="orientation_agreement").uncheck()

    at.button(key="orientation_save_next").click().run()

    assert at.error and "Pas encore possible" in at.error[0].value
    conf = _conf(coordinator, cid, uow)
    assert conf.phase is Phase.ORIENTATION and conf.situation  # what was typed is saved
