"""Study ids, months, quote consent, and the codebook with its versioned questionnaires."""
from __future__ import annotations

import pytest

from conference.evaluation.codebook import (CODEBOOK_VERSION, QUESTIONNAIRES, VARIABLES, answer_findings,
                                            codebook_rows, core_question_ids, questionnaire, questionnaire_rows,
                                            with_territory_questions)
from conference.evaluation.errors import EvaluationRefused, StudyKeyMissing, message
from conference.evaluation.pseudonyms import may_leave, month, quarter, study_id, study_key
from conference.evaluation.types import Answer, ParticipantRole, QuoteConsent

from .fixture import answers, referrals
from datetime import date


def test_a_missing_study_key_is_refused_with_a_french_message():
    with pytest.raises(StudyKeyMissing) as refused:
        study_key({})
    with pytest.raises(StudyKeyMissing):
        study_key({"CERCLE_STUDY_KEY": ""})
    assert "CERCLE_STUDY_KEY" in message(refused.value) and message(refused.value).startswith("La clé d'étude")


def test_any_string_is_a_valid_key_and_ids_are_stable_keyed_and_opaque():
    key = study_key({"CERCLE_STUDY_KEY": "é 1"})
    assert key == "é 1".encode()
    first = study_id(key, "referral", "42")
    assert first == study_id(key, "referral", "42") and len(first) == 16 and "42" not in first
    assert first != study_id(b"another key", "referral", "42")
    assert first != study_id(key, "answer", "42")


def test_only_month_and_quarter_leave():
    assert month(date(2026, 3, 14)) == "2026-03" and quarter(date(2026, 11, 2)) == "2026-T4"


def test_open_text_leaves_only_with_the_authors_consent_from_a_family_that_agreed():
    by_ref = {r.ref: r for r in referrals()}
    verdict = {a.ref: may_leave(a, by_ref.get(a.conference_ref)) for a in answers()}
    assert verdict["a1"] and verdict["a6"]
    assert not verdict["a3"]  # the author said no
    assert not verdict["a10"]  # the family did not agree to the evaluation
    a6 = next(a for a in answers() if a.ref == "a6")
    assert not may_leave(a6, by_ref["r3"], publication=True)  # internal use only


def test_every_variable_has_a_french_label_and_the_codebook_carries_its_version():
    rows = codebook_rows("fr")
    assert len(rows) == len(VARIABLES) and all(r["codebook_version"] == CODEBOOK_VERSION for r in rows)
    labels = {r["variable"]: r["label"] for r in rows}
    assert labels["referred_month"] == "Mois de l'orientation (AAAA-MM)"
    assert labels["participants_child"] == "Participants présents : child"
    english = {r["variable"]: r["label"] for r in codebook_rows("en")}
    assert english["referred_month"] == "Month of the referral (YYYY-MM)"


def test_the_child_version_shows_faces_with_words():
    faces = [r for r in questionnaire_rows("fr") if r["questionnaire"] == "end_of_conference_child"
             and r["question"] == "faces"]
    assert faces and "1 = Pas bien du tout" in faces[0]["values"] and "5 = Très bien" in faces[0]["values"]


def test_a_territory_question_stays_out_of_the_common_core():
    local = with_territory_questions(questionnaire("end_of_conference", 1), version=2,
                                     questions=[{"id": "bus_ticket", "kind": "likert", "scale": [1, 5],
                                                 "label": "Le ticket de bus a aidé"}])
    definitions = {**QUESTIONNAIRES, ("end_of_conference", 2): local}
    assert "bus_ticket" not in core_question_ids(definitions)
    answer = Answer("x", "r1", ParticipantRole.FAMILY, "end_of_conference", 2, score=8, items={"bus_ticket": 4})
    assert answer_findings(answer, definitions) == []
    assert answer_findings(answer) == ["unknown questionnaire end_of_conference v2"]


def test_an_answer_outside_its_version_is_reported():
    answer = Answer("x", "r1", ParticipantRole.CHILD, "end_of_conference_child", 1, score=11, items={"faces": 6},
                    texts={"comment": "?"}, quote_consent=QuoteConsent.NONE)
    assert len(answer_findings(answer)) == 3


def test_refusals_have_french_messages():
    text = message(EvaluationRefused("codebook_mismatch", versions="a, b"))
    assert "a, b" in text and "fusionner" in text
