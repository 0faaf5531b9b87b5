"""AppTest: the family's questionnaire (« Votre avis ») on the screen handed over, and the
coordinator's « Questionnaires » page (printed forms, counts, transcription)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conference.domain.enums import Phase
from conference.services import conferences, questionnaires
from conference.store import models as r

from .conftest import everything, texts

FAMILY_PAGE = "pages/questionnaire.py"
PAPER_PAGE = "pages/questionnaire_paper.py"


@pytest.fixture
def conference_in(uow, coordinator):
    """``conference_in(phase)``: a conference put straight at ``phase`` (the questionnaire
    reads only the phase and the territory)."""
    def _make(phase: Phase = Phase.VALIDATION) -> int:
        cid = conferences.create_conference(coordinator, "Situation Moreau-Diallo (fictive)", uow=uow)
        with uow:
            uow.session.get(r.ConferenceRow, cid).phase = phase.value
            uow.commit()
        return cid
    return _make


def answers(uow) -> list[tuple]:
    with uow:
        return uow.session.execute(select(r.QuestionnaireResponseRow.role, r.QuestionnaireResponseRow.channel,
                                          r.QuestionnaireResponseRow.score, r.QuestionnaireResponseRow.items,
                                          r.QuestionnaireResponseRow.quote_consent)
                                   .order_by(r.QuestionnaireResponseRow.id)).all()


def keyed(at, kind: str, suffix: str):
    found = [w for w in getattr(at, kind) if w.key and w.key.endswith(suffix)]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def test_a_family_member_answers_then_hands_the_screen_to_the_next_person(open_as_family, conference_in, uow):
    cid = conference_in()
    at = open_as_family(cid, FAMILY_PAGE)
    assert at.title[0].value == "Votre avis"

    at.button(key="questionnaire_role_family").click().run()
    keyed(at, "button_group", "_score").set_value(9)
    keyed(at, "button_group", "_felt_heard").set_value(5)
    keyed(at, "text_area", "_what_changed").input("On n'est plus seuls, Mamie Odile passe le mercredi.")
    keyed(at, "radio", "_quote_consent").set_value(questionnaires.QuoteConsent.INTERNAL)
    keyed(at, "button", "questionnaire_send_0").click().run()

    assert not at.exception and not at.error
    assert "Merci ! Vos réponses sont enregistrées, sans votre nom." in texts(at)
    assert answers(uow) == [("family", "shared_screen", 9, {"felt_heard": 5}, "internal")]
    at.button(key="questionnaire_next_0").click().run()
    assert "Mamie Odile" not in everything(at) and not at.radio and not at.button_group and not at.text_area
    assert at.button(key="questionnaire_role_child")  # the next person chooses who they are


def test_going_back_leaves_nothing_of_a_half_filled_form_for_the_next_person(open_as_family, conference_in, uow):
    at = open_as_family(conference_in(), FAMILY_PAGE)
    at.button(key="questionnaire_role_network").click().run()
    keyed(at, "button_group", "_score").set_value(2)
    keyed(at, "text_area", "_comment").input("Je préfère ne pas répondre finalement.")

    at.button(key="questionnaire_back_0").click().run()
    at.button(key="questionnaire_role_family").click().run()

    assert keyed(at, "button_group", "_score").value is None
    assert keyed(at, "text_area", "_comment").value == "" and answers(uow) == []


def test_the_child_answers_with_faces_that_have_words(open_as_family, conference_in, uow):
    at = open_as_family(conference_in(Phase.FOLLOW_UP), FAMILY_PAGE)

    at.button(key="questionnaire_role_child").click().run()
    faces = keyed(at, "radio", "_faces")
    assert faces.options == ["😞 Pas bien du tout", "🙁 Pas bien", "😐 Moyen", "🙂 Bien", "😄 Très bien"]
    faces.set_value(4)
    assert keyed(at, "radio", "_quote_consent").label == "Pouvons-nous répéter ce que tu as écrit, sans ton nom ?"
    keyed(at, "button", "questionnaire_send_0").click().run()

    assert not at.exception and not at.error
    assert answers(uow) == [("child", "shared_screen", None, {"faces": 4}, "none")]


def test_sending_nothing_says_so_and_records_nothing(open_as_family, conference_in, uow):
    at = open_as_family(conference_in(), FAMILY_PAGE)

    at.button(key="questionnaire_role_expert").click().run()
    keyed(at, "button", "questionnaire_send_0").click().run()

    assert "Aucune réponse n'a été donnée" in at.error[0].value and answers(uow) == []
    assert keyed(at, "button_group", "_score")  # still on the questionnaire


def test_before_the_plan_is_written_a_calm_message_and_no_questionnaire(open_as_family, conference_in):
    at = open_as_family(conference_in(Phase.PRIVATE_TIME), FAMILY_PAGE)

    assert "Le questionnaire s'ouvre une fois votre plan écrit" in texts(at)
    assert not at.error and not at.exception
    assert not [b for b in at.button if (b.key or "").startswith("questionnaire_role_")]


def test_the_coordinator_types_in_a_paper_form_and_sees_the_counts(make_app, conference_in, uow):
    cid = conference_in(Phase.FOLLOW_UP)
    at = make_app(PAPER_PAGE, conference_id=cid)
    assert not at.exception and "Aucune réponse pour l'instant." in texts(at)
    assert {b.label for b in at.get("download_button")} >= {"Questionnaire adulte (.docx)"}

    at.selectbox(key="paper_role_0").set_value(questionnaires.ParticipantRole.NETWORK).run()
    keyed(at, "button_group", "_score").set_value(7)
    keyed(at, "button", "paper_send_0").click().run()

    assert not at.exception and not at.error
    assert answers(uow) == [("network", "transcribed", 7, {}, "none")]
    assert "Formulaire enregistré" in texts(at)
    assert keyed(at, "button_group", "_score").value is None  # an empty form for the next sheet
    table = at.dataframe[0].value
    assert list(table.iloc[0]) == ["Membre du réseau", 1, 1]


def test_the_coordinator_cannot_type_in_before_the_plan_is_written(make_app, conference_in):
    at = make_app(PAPER_PAGE, conference_id=conference_in(Phase.PREPARATION))

    assert "une fois le plan écrit" in texts(at) and not at.button_group and not at.exception
    assert len(at.get("download_button")) == 2  # forms are printed before the meeting


HOSTILE = "![x](http://evil.test/p.png) <img src=http://evil.test/q.png>"


def test_a_territory_question_is_asked_and_its_wording_escaped(open_as_family, conference_in, uow):
    from conference.services import accounts
    from pages.ui import escape

    cid = conference_in()
    with uow:
        territory = uow.session.get(r.ConferenceRow, cid).territory_id
    local = accounts.local_coordinator(uow=uow)  # the single user manages every territory
    questionnaires.add_territory_question(local, territory, "end_of_conference", "Le lieu ? " + HOSTILE, "yes_no",
                                          uow=uow)
    at = open_as_family(cid, FAMILY_PAGE)

    at.button(key="questionnaire_role_network").click().run()
    extra = keyed(at, "button_group", f"_t{territory}_1")
    assert extra.label == "7. " + escape("Le lieu ? " + HOSTILE) and extra.options == ["Oui", "Non"]
    extra.set_value(0)
    keyed(at, "button", "questionnaire_send_0").click().run()

    assert not at.exception and not at.error
    assert answers(uow)[0][3] == {f"t{territory}_1": 0}
