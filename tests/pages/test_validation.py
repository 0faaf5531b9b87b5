"""AppTest: step 5, validation (form check, the referent's decision, adoption)."""
from __future__ import annotations

import html
import re

from conference.domain.enums import Phase, RatificationDecision
from conference.domain.model import content_hash
from conference.services import conferences, family_links, preparation, private_time, validation

from pages import ui

from .conftest import texts

PAGE = "pages/validation.py"


def plain(markdown: str) -> str:
    """The text as the browser shows it: backslash escapes and HTML entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def read(uow, coordinator, cid):
    return conferences.get_conference(coordinator, cid, uow=uow)


def incomplete_plan(uow, coordinator, conference_at) -> int:
    """A conference in validation whose plan has one action without who or date."""
    cid = conference_at(Phase.PRIVATE_TIME)
    family = family_links.open_family_link(family_links.create_family_link(coordinator, cid, uow=uow)[1], uow=uow)
    draft = private_time.get_plan_draft(family, cid, uow=uow)
    version = draft.version
    for action in draft.actions:
        version = private_time.remove_plan_action(family, cid, action.id, version, uow=uow)
    private_time.add_plan_action(family, cid, version, what="Appeler Lina le soir", uow=uow)
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)
    return cid


def test_the_plan_is_shown_as_it_would_be_frozen(make_app, conference_at):
    cid = conference_at(Phase.VALIDATION)

    at = make_app(PAGE, conference_id=cid)

    page = plain(texts(at))
    assert "A1. Mamie Mariam dort à l'appartement du lundi au jeudi" in page
    assert "**Qui :** Tante Sophie Moreau" in page
    assert "Si Mariam est malade, M. Lefort appelle Sophie, qui vient." in page
    assert "Julien Moreau" not in page
    assert not at.exception and not at.error


def test_the_form_check_lists_exactly_what_is_missing_and_is_recorded(make_app, conference_at, uow, coordinator):
    cid = incomplete_plan(uow, coordinator, conference_at)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_check").click().run()

    heading, listed = plain(at.warning[0].value).split("\n\n")
    assert heading == "Il manque encore (6) :"
    assert listed.split("\n") == [
        "- Aucune action ne répond à cette partie de la question centrale : « Le soir ».",
        "- Aucune action ne répond à cette partie de la question centrale : « Le week-end ».",
        "- Aucune action ne répond à ce point non négociable : « Lina n'est jamais seule la nuit. ».",
        "- Aucune action ne répond à ce point non négociable : « Un adulte connu de l'école vient la chercher "
        "chaque jour. ».",
        "- L'action 1 (« Appeler Lina le soir ») ne dit pas qui s'en occupe.",
        "- L'action 1 (« Appeler Lina le soir ») n'a pas de date.",
    ]
    checks = read(uow, coordinator, cid).form_checks
    assert len(checks) == 1 and checks[0].findings == 6 and checks[0].checked_by == coordinator.name


def test_the_form_check_of_a_complete_plan_says_nothing_is_missing(make_app, conference_at):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_check").click().run()

    assert at.success and at.success[0].value.startswith("Rien ne manque")
    assert "rien ne manque" in texts(at)  # the history line


def test_a_refusal_without_a_reason_is_refused_and_nothing_is_recorded(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key="validation_decision").set_value(RatificationDecision.REFUSED)
    at.button(key="validation_record").click().run()

    assert at.error and at.error[0].value == "Veuillez renseigner la raison."
    assert read(uow, coordinator, cid).ratifications == ()


def test_a_refusal_with_its_reason_is_recorded_with_who_and_blocks_adoption(make_app, conference_at, uow,
                                                                           coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)
    assert at.text_input(key="validation_decided_by").value == "M. Référent Fictif"  # prefilled

    at.radio(key="validation_decision").set_value(RatificationDecision.REFUSED)
    at.text_area(key="validation_reason").input("Personne ne dort avec Lina le vendredi.")
    at.button(key="validation_record").click().run()

    decision = read(uow, coordinator, cid).ratifications[-1]
    assert decision.decision is RatificationDecision.REFUSED
    assert decision.reason == "Personne ne dort avec Lina le vendredi."
    assert decision.decided_by == "M. Référent Fictif" and decision.recorded_by == coordinator.name
    page = plain(texts(at))
    assert "Refusé" in page and "Personne ne dort avec Lina le vendredi." in page
    assert "Décision de M. Référent Fictif, enregistrée par Coordinatrice Fictive" in page

    at.button(key="validation_adopt").click().run()

    assert read(uow, coordinator, cid).adopted == ()
    assert any("a refusé ce plan" in e.value for e in at.error)


def test_no_decision_chosen_is_asked_for(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_record").click().run()

    assert at.error and "Choisissez la décision" in at.error[0].value
    assert read(uow, coordinator, cid).ratifications == ()


def test_adopting_freezes_a_version_and_moves_to_follow_up(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    preview = validation.plan_preview(coordinator, cid, uow=uow)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_adopt").click().run()

    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.FOLLOW_UP
    assert len(conf.adopted) == 1
    assert conf.adopted[-1].content == preview
    assert conf.adopted[-1].content_hash == content_hash(preview)
    assert not any(b.key == "validation_adopt" for b in at.button)  # now on the follow-up page
    assert not at.exception


def test_an_incomplete_plan_is_not_adopted_and_the_gaps_are_listed(make_app, conference_at, uow, coordinator):
    cid = incomplete_plan(uow, coordinator, conference_at)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_adopt").click().run()

    assert read(uow, coordinator, cid).adopted == ()
    assert at.error[0].value.startswith("Le plan ne peut pas encore être adopté :\n\n- ")
    assert "(« Appeler Lina le soir ») n'a pas de date." in plain(at.error[0].value)


def test_the_plan_can_be_sent_back_to_the_family(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_send_back").click().run()

    assert read(uow, coordinator, cid).phase is Phase.PRIVATE_TIME
    assert "La famille travaille en temps privé" in texts(at)


def test_a_decision_on_an_earlier_version_is_marked_as_such(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    validation.record_ratification(coordinator, cid, RatificationDecision.RATIFIED, decided_by="M. Référent Fictif",
                                   uow=uow)
    conferences.change_phase(coordinator, cid, Phase.PRIVATE_TIME, uow=uow)
    family = family_links.open_family_link(family_links.create_family_link(coordinator, cid, uow=uow)[1], uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.save_plan_texts(family, cid, version, if_not_working="Inès vient.", follow_arrangement="", uow=uow)
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)

    at = make_app(PAGE, conference_id=cid)

    page = plain(texts(at))
    assert "Porte sur une version précédente du plan." in page
    assert "Aucune décision du ou de la référent·e n'est enregistrée pour cette version du plan." in page


def test_the_familys_words_in_findings_are_escaped_never_markup(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    preparation.add_question_part(coordinator, cid, "Le **mercredi** <i>[ici](http://exemple.invalid)</i>", uow=uow)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_check").click().run()
    at.button(key="validation_adopt").click().run()

    escaped = ui.escape("Le **mercredi** <i>[ici](http://exemple.invalid)</i>")
    assert escaped in at.warning[0].value and escaped in at.error[0].value
    assert "**mercredi**" not in at.warning[0].value + at.error[0].value
    assert read(uow, coordinator, cid).adopted == ()


def test_the_form_check_warns_when_the_plan_names_a_not_safe_person(make_app, conference_at, uow, coordinator):
    from conference.services import family_links

    cid = conference_at(Phase.PRIVATE_TIME)
    family = family_links.open_family_link(family_links.create_family_link(coordinator, cid, uow=uow)[1], uow=uow)
    draft = private_time.get_plan_draft(family, cid, uow=uow)
    private_time.save_plan_texts(family, cid, draft.version, if_not_working="Si ça ne va pas, on appelle Julien.",
                                 follow_arrangement="Dans trois mois.", uow=uow)
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="validation_check").click().run()

    warnings = [w.value for w in at.warning]
    assert any("nomment une personne qui ne doit pas figurer dans le plan" in w for w in warnings)
    assert not any("Julien" in w for w in warnings)  # the warning never repeats the name
    assert validation.adopt_plan(coordinator, cid, uow=uow) == 1  # a warning, not a refusal


def test_a_refused_plan_stays_readable_under_its_version_number(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    validation.record_ratification(coordinator, cid, RatificationDecision.REFUSED, decided_by="M. Référent Fictif",
                                   reason="Lina resterait seule le mardi soir.", uow=uow)

    at = make_app(PAGE, conference_id=cid)

    labels = [e.label for e in at.expander]
    assert "Plan version 1, refusé par le référent (lecture seule)" in labels
    assert "Lina resterait seule le mardi soir." in plain(texts(at))
    assert not at.exception


def test_the_form_check_is_shown_when_the_screen_opens_without_recording_a_check(make_app, conference_at, uow,
                                                                                coordinator):
    cid = incomplete_plan(uow, coordinator, conference_at)

    at = make_app(PAGE, conference_id=cid)

    assert any(plain(w.value).startswith("Il manque encore (6) :") for w in at.warning)  # no click needed
    assert not read(uow, coordinator, cid).form_checks  # a read: the history holds only real checks


def test_a_ratification_is_recorded_and_the_plan_adopted_in_one_click(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key="validation_decision").set_value(RatificationDecision.RATIFIED)
    at.button(key="validation_record_adopt").click().run()

    conf = read(uow, coordinator, cid)
    assert [r.decision for r in conf.ratifications] == [RatificationDecision.RATIFIED]
    assert conf.phase is Phase.FOLLOW_UP and conf.current_plan is not None
    assert not at.exception


def test_a_refusal_is_never_adopted_by_the_one_click_way(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    at = make_app(PAGE, conference_id=cid)

    at.radio(key="validation_decision").set_value(RatificationDecision.REFUSED)
    at.text_area(key="validation_reason").input("Le plan laisse Lina seule le mercredi soir.")
    at.button(key="validation_record_adopt").click().run()

    conf = read(uow, coordinator, cid)
    assert conf.phase is Phase.VALIDATION and not conf.ratifications and conf.current_plan is None
    assert at.error and "refusé" in at.error[0].value
