"""What the documents print beyond the plan, entered through the services and read back
in the .docx: the identity block, parental authority, the plan's watcher, the version
numbering after a refusal, text cleaned before it is stored.

Fictional Moreau-Diallo family (../shared/SCENARIOS.md §1).
"""
from __future__ import annotations

import io

import pytest
from docx import Document

from conference.domain.enums import Phase, RatificationDecision
from conference.domain.errors import InvalidInput, StaleWrite
from conference.services import conferences, documents, private_time, validation
from conference.services.base import clean

from ..factories import make_conference


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(texts).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")


def person(uow, coordinator, cid, name):
    return next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants if p.name == name)


@pytest.fixture
def at_validation(uow, coordinator):
    return make_conference(uow, coordinator, Phase.VALIDATION)


def test_details_are_saved_and_printed_in_the_plan(uow, coordinator, at_validation):
    cid = at_validation
    conf = conferences.get_conference(coordinator, cid, uow=uow)
    karim, julien, awa = (person(uow, coordinator, cid, n) for n in ("Oncle Karim", "Julien Moreau", "Awa Diallo"))
    documents.set_parental_authority(coordinator, cid, [awa.id, julien.id], uow=uow)
    version = documents.save_document_details(
        coordinator, cid, conf.version, referent_service="Aide sociale à l'enfance", referent_phone="01 00 00 00 00",
        conference_reason="Maman est hospitalisée trois mois.", plan_watcher_id=karim.id,
        fallback_contact="La coordination, 01 11 11 11 11", copy_recipients="La famille\nL'école",
        professional_commitments="ASE : aide à domicile le mercredi", coordinator_contact="01 22 22 22 22", uow=uow)
    validation.adopt_plan(coordinator, cid, uow=uow)

    text = docx_text(documents.export_action_plan(coordinator, cid, uow=uow)[1])

    assert version > conf.version
    for expected in ("Aide sociale à l'enfance", "Téléphone : 01 00 00 00 00", "Maman est hospitalisée trois mois.",
                     "la personne qui veille sur le plan : Oncle Karim", "Qui appeler : La coordination, 01 11 11 11 11",
                     "ASE : aide à domicile le mercredi", "L'école", "Awa Diallo",
                     "un autre titulaire de l'autorité parentale, non nommé ici"):
        assert expected in text, expected
    assert "Julien" not in text


def test_a_not_safe_person_cannot_watch_over_the_plan_and_a_stale_form_is_refused(uow, coordinator, at_validation):
    conf = conferences.get_conference(coordinator, at_validation, uow=uow)
    julien = person(uow, coordinator, at_validation, "Julien Moreau")

    with pytest.raises(InvalidInput):
        documents.save_document_details(coordinator, at_validation, conf.version, plan_watcher_id=julien.id, uow=uow)
    documents.save_document_details(coordinator, at_validation, conf.version, fallback_contact="x", uow=uow)
    with pytest.raises(StaleWrite):
        documents.save_document_details(coordinator, at_validation, conf.version, fallback_contact="y", uow=uow)

    assert conferences.get_conference(coordinator, at_validation, uow=uow).fallback_contact == "x"


def test_after_a_refusal_the_adopted_plan_is_version_2_and_the_refused_one_stays_readable(uow, coordinator,
                                                                                        at_validation):
    cid = at_validation
    validation.record_ratification(coordinator, cid, RatificationDecision.REFUSED, decided_by="M. Référent Fictif",
                                   reason="Lina resterait seule le mardi soir.", uow=uow)
    conferences.change_phase(coordinator, cid, Phase.PRIVATE_TIME, uow=uow)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    draft = private_time.get_plan_draft(family, cid, uow=uow)
    private_time.save_plan_texts(family, cid, draft.version, if_not_working="Le mardi, Inès dort chez Lina.",
                                 follow_arrangement="Dans trois mois.", uow=uow)
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)
    validation.record_ratification(coordinator, cid, RatificationDecision.RESERVATIONS,
                                   decided_by="M. Référent Fictif", reason="Le mardi reste fragile.", uow=uow)

    number = validation.adopt_plan(coordinator, cid, uow=uow)

    conf = conferences.get_conference(coordinator, cid, uow=uow)
    assert number == 2 and [p.number for p in conf.adopted] == [2]
    ((refused_number, refused, reason),) = validation.refused_plans(conf)
    assert refused_number == 1 and reason == "Lina resterait seule le mardi soir."
    assert refused["if_not_working"] != "Le mardi, Inès dort chez Lina."
    name, data = documents.export_action_plan(coordinator, cid, uow=uow)
    text = docx_text(data)
    assert name.endswith("-v2.docx") and "Version 2 · plan adopté le" in text
    assert "Plan validé par M. Référent Fictif le 23 novembre 2026." in text
    assert "Réserves, et pourquoi : Le mardi reste fragile." in text
    assert "Lina resterait seule" not in text  # the document carries only the adopted plan


def test_the_cli_and_the_app_offer_the_blank_and_the_filled_follow_up_form(uow, coordinator, at_validation):
    from conference.domain.enums import ActionFollowUp
    from conference.services import followup

    validation.adopt_plan(coordinator, at_validation, uow=uow)
    blank_name, blank = documents.export_followup_form(coordinator, at_validation, uow=uow)
    followup.record_action_review(coordinator, at_validation, "A1", ActionFollowUp.DONE, "Tout va bien.", uow=uow)

    default_name, default = documents.export_followup_form(coordinator, at_validation, uow=uow)
    _n, forced_blank = documents.export_followup_form(coordinator, at_validation, filled=False, uow=uow)

    assert "☒" not in docx_text(blank) and "Fiche vierge" in docx_text(blank)
    assert "☒" in docx_text(default) and default_name.endswith("-rempli.docx")
    assert "☒" not in docx_text(forced_blank) and "Tout va bien." not in docx_text(forced_blank)


@pytest.mark.parametrize(("typed", "stored"), [
    ("Mamie\x0bMariam", "Mamie Mariam"),
    ("Tonton\u202eédéD", "TontonédéD"),
    ("\u2066Awa\u2069 Diallo\x0c", "Awa Diallo"),
    ("Ligne 1\nLigne 2\tsuite", "Ligne 1\nLigne 2\tsuite"),
    ("NUL\x00ici", "NUL ici"),
])
def test_control_characters_become_spaces_and_bidi_overrides_are_removed(typed, stored):
    assert clean(typed, "name") == stored


def test_a_name_typed_with_a_bidi_override_is_stored_without_it(uow, coordinator, at_validation):
    from conference.services import preparation

    pid = preparation.add_participant(coordinator, at_validation, name="Voisin\u202e Fictif\x0b", relation="neighbour",
                                      uow=uow)

    assert next(p for p in conferences.get_conference(coordinator, at_validation, uow=uow).participants
                if p.id == pid).name == "Voisin Fictif"


def test_an_adoption_after_midnight_in_paris_counts_that_day(uow, coordinator, at_validation):
    from datetime import date, datetime

    from conference import clock
    from conference.services import followup

    with clock.freeze(datetime(2026, 11, 30, 23, 30)):  # 00:30 on 1 December in Paris
        validation.adopt_plan(coordinator, at_validation, uow=uow)
        version = conferences.get_conference(coordinator, at_validation, uow=uow).version
        followup.choose_follow_up(coordinator, at_validation, True, version, uow=uow)

    conf = conferences.get_conference(coordinator, at_validation, uow=uow)
    assert conf.follow_up.review_date == date(2027, 3, 1)  # not 28 February (UTC's 30 November)
    assert "Version 1 · plan adopté le 1er décembre 2026" in docx_text(
        documents.export_action_plan(coordinator, at_validation, uow=uow)[1])


def test_two_exports_of_the_same_plan_are_the_same_bytes(uow, coordinator, at_validation):
    """``cercle export`` and the app's download call the same service: same bytes."""
    validation.adopt_plan(coordinator, at_validation, uow=uow)

    first = documents.export_action_plan(coordinator, at_validation, uow=uow)
    second = documents.export_action_plan(coordinator, at_validation, uow=uow)

    assert first == second


def test_exports_a_second_apart_are_still_the_same_bytes(uow, coordinator, at_validation):
    import time

    validation.adopt_plan(coordinator, at_validation, uow=uow)
    first = documents.export_followup_form(coordinator, at_validation, uow=uow)
    time.sleep(2.1)  # python-docx dates zip members with the wall clock, to the second (even odd seconds)
    second = documents.export_followup_form(coordinator, at_validation, uow=uow)

    assert first == second
