"""Questionnaires (issue 9) on SQLite and PostgreSQL: definitions as data, anonymous answers
with the version they were given with, the channel decided by the service, refusals that
write nothing, a territory's own questions."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation import codebook
from conference.services import accounts, conferences, family_links, private_time
from conference.services import questionnaires as qs
from conference.services.questionnaire_definitions import TERRITORY_VERSIONS_FROM
from conference.store import models as r
from conference.store.territories import default_territory_id

from ..factories import make_coordinator

ADULT = {"score": 8, "felt_heard": 5, "plan_ours": 4, "know_next_step": 3,
         "what_changed": "On n'est plus seuls, Mamie Odile vient le mercredi."}


def conference_at(uow, coordinator, phase: Phase = Phase.VALIDATION, territory: int | None = None) -> int:
    """A conference put straight at ``phase`` (the questionnaire only reads the phase)."""
    cid = conferences.create_conference(coordinator, "Situation Moreau-Diallo (fictive)", uow=uow)
    with uow:
        row = uow.session.get(r.ConferenceRow, cid)
        row.phase = phase.value
        if territory is not None:
            row.territory_id = territory
        uow.commit()
    return cid


def territory(uow, code: str, name: str) -> int:
    with uow:
        row = r.TerritoryRow(code=code, name=name)
        uow.add(row)
        uow.flush()
        uow.commit()
        return row.id


def pilot_of(uow, *territory_ids: int):
    pilot = accounts.create_user("Pilote Fictive", Role.PILOT, "Département Imaginaire", uow=uow)
    with uow:
        for tid in territory_ids:
            uow.add(r.UserTerritoryRow(user_id=pilot.id, territory_id=tid))
        uow.commit()
    return pilot


def count(uow, model) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def responses(uow) -> list[r.QuestionnaireResponseRow]:
    with uow:
        rows = list(uow.session.scalars(select(r.QuestionnaireResponseRow).order_by(r.QuestionnaireResponseRow.id)))
        uow.session.expunge_all()
        return rows


def family_link_actor(uow, coordinator, cid):
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)
    return family_links.open_family_link(token, uow=uow)


# --- definitions ---------------------------------------------------------------------------

def test_the_common_definitions_are_seeded_once_whatever_the_number_of_calls(uow, coordinator):
    cid = conference_at(uow, coordinator)

    first = qs.definition_for(coordinator, cid, "family", uow=uow)
    qs.definition_for(coordinator, cid, "child", uow=uow)
    with uow:
        assert qs.ensure_common_definitions(uow.session) is False
        uow.commit()

    with uow:
        rows = uow.session.execute(select(r.QuestionnaireDefinitionRow.questionnaire,
                                          r.QuestionnaireDefinitionRow.version,
                                          r.QuestionnaireDefinitionRow.territory_id)).all()
    assert sorted(rows) == sorted((q, v, None) for q, v in codebook.QUESTIONNAIRES)
    assert first == codebook.QUESTIONNAIRES[("end_of_conference", 1)]


def test_a_child_gets_the_child_version_with_faces_that_have_words(uow, coordinator):
    cid = conference_at(uow, coordinator)

    child = qs.definition_for(coordinator, cid, "child", uow=uow)
    adult = qs.definition_for(coordinator, cid, "expert", uow=uow)

    assert child["id"] == "end_of_conference_child" and adult["id"] == "end_of_conference"
    faces = next(q for q in child["questions"] if q["kind"] == "faces")
    assert faces["words"] == codebook.FACES  # keys are numbers again after the JSON round trip


def test_every_answer_keeps_the_version_it_was_given_with(uow, coordinator):
    cid = conference_at(uow, coordinator)

    qs.submit_answer(coordinator, cid, "family", ADULT, "internal", uow=uow)
    qs.submit_answer(coordinator, cid, "child", {"faces": 4, "felt_heard": 5}, uow=uow)

    adult, child = responses(uow)
    assert (adult.questionnaire, adult.questionnaire_version, adult.score) == ("end_of_conference", 1, 8)
    assert adult.items == {"felt_heard": 5, "plan_ours": 4, "know_next_step": 3}
    assert adult.quote_consent == "internal"
    assert (child.questionnaire, child.questionnaire_version, child.items) == ("end_of_conference_child", 1,
                                                                              {"faces": 4, "felt_heard": 5})
    with uow:
        texts = uow.session.execute(select(r.QuestionnaireTextRow.response_id, r.QuestionnaireTextRow.question,
                                           r.QuestionnaireTextRow.text)).all()
    assert texts == [(adult.id, "what_changed", ADULT["what_changed"])]


# --- a territory's own questions -------------------------------------------------------------

def test_a_territory_question_is_shown_in_its_territory_only(uow, coordinator):
    nord, sud = territory(uow, "nord", "Territoire Nord (fictif)"), territory(uow, "sud", "Territoire Sud (fictif)")
    pilot = pilot_of(uow, nord)
    in_nord, in_sud = conference_at(uow, coordinator, territory=nord), conference_at(uow, coordinator, territory=sud)

    version = qs.add_territory_question(pilot, nord, "end_of_conference", "Le lieu vous convenait-il ?", "yes_no",
                                        uow=uow)

    shown = qs.definition_for(coordinator, in_nord, "family", uow=uow)
    assert version >= TERRITORY_VERSIONS_FROM and shown["version"] == version
    extra = shown["questions"][-1]
    assert (extra["label"], extra["kind"], extra["scale"], extra["core"]) == ("Le lieu vous convenait-il ?",
                                                                              "yes_no", [0, 1], False)
    assert [q["id"] for q in shown["questions"][:-1]] == [
        q["id"] for q in codebook.QUESTIONNAIRES[("end_of_conference", 1)]["questions"]]
    assert qs.definition_for(coordinator, in_sud, "family", uow=uow)["version"] == 1
    assert qs.definition_for(coordinator, in_nord, "child", uow=uow)["version"] == 1  # the adult one only
    assert [(q.questionnaire, q.label, q.kind) for q in qs.list_territory_questions(pilot, nord, uow=uow)] == [
        ("end_of_conference", "Le lieu vous convenait-il ?", "yes_no")]


def test_adding_a_question_never_changes_an_answered_version(uow, coordinator):
    nord = territory(uow, "nord", "Territoire Nord (fictif)")
    pilot = pilot_of(uow, nord)
    cid = conference_at(uow, coordinator, territory=nord)
    first = qs.add_territory_question(pilot, nord, "end_of_conference", "Le lieu vous convenait-il ?", "yes_no",
                                      uow=uow)
    qs.submit_answer(coordinator, cid, "network", {"score": 7, f"t{nord}_1": 1}, uow=uow)
    with uow:
        before = dict(uow.session.scalar(select(r.QuestionnaireDefinitionRow.definition)
                                         .where(r.QuestionnaireDefinitionRow.version == first)))

    second = qs.add_territory_question(pilot, nord, "end_of_conference", "Qu'auriez-vous changé ?", "open", uow=uow)
    # A screen opened before the second question keeps the version it showed.
    qs.submit_answer(coordinator, cid, "network", {"score": 9}, version=first, uow=uow)
    qs.submit_answer(coordinator, cid, "network", {"score": 6, f"t{nord}_2": "La salle était trop petite."},
                     uow=uow)

    with uow:
        rows = {row.version: (dict(row.definition), row.active)
                for row in uow.session.scalars(select(r.QuestionnaireDefinitionRow)
                                               .where(r.QuestionnaireDefinitionRow.territory_id == nord))}
    assert second > first and rows[first] == (before, False) and rows[second][1] is True
    assert [q["id"] for q in rows[second][0]["questions"]][-2:] == [f"t{nord}_1", f"t{nord}_2"]
    assert [(a.questionnaire_version, a.items) for a in responses(uow)] == [
        (first, {f"t{nord}_1": 1}), (first, {}), (second, {})]


def test_a_territory_question_may_be_removed_in_a_new_version(uow, coordinator):
    nord = territory(uow, "nord", "Territoire Nord (fictif)")
    pilot = pilot_of(uow, nord)
    qs.add_territory_question(pilot, nord, "end_of_conference_child", "Tu as aimé le goûter ?", "likert", uow=uow)

    version = qs.remove_territory_question(pilot, nord, "end_of_conference_child", f"t{nord}_1", uow=uow)

    assert qs.list_territory_questions(pilot, nord, uow=uow) == []
    cid = conference_at(uow, coordinator, territory=nord)
    shown = qs.definition_for(coordinator, cid, "child", uow=uow)
    assert shown["version"] == version and all(q["core"] for q in shown["questions"])


@pytest.mark.parametrize("label, kind, questionnaire, field", [
    ("", "open", "end_of_conference", "label"), ("Une question", "dropdown", "end_of_conference", "kind"),
    ("Une question", "open", "autre", "questionnaire")])
def test_a_bad_territory_question_is_refused_and_nothing_is_written(uow, label, kind, questionnaire, field):
    nord = territory(uow, "nord", "Territoire Nord (fictif)")
    pilot = pilot_of(uow, nord)

    with pytest.raises(InvalidInput) as refused:
        qs.add_territory_question(pilot, nord, questionnaire, label, kind, uow=uow)

    assert refused.value.field == field
    assert count(uow, r.QuestionnaireDefinitionRow) == 0


def test_only_the_territory_s_pilots_add_its_questions(uow, coordinator):
    nord, sud = territory(uow, "nord", "Territoire Nord (fictif)"), territory(uow, "sud", "Territoire Sud (fictif)")
    pilot_sud = pilot_of(uow, sud)

    for actor in (pilot_sud, coordinator):
        with pytest.raises(Forbidden):
            qs.add_territory_question(actor, nord, "end_of_conference", "Une question", "open", uow=uow)
        with pytest.raises(Forbidden):
            qs.list_territory_questions(actor, nord, uow=uow)

    local = accounts.local_coordinator(uow=uow)  # the single user of a local install manages every territory
    assert local.local
    qs.add_territory_question(local, nord, "end_of_conference", "Une question", "open", uow=uow)
    assert count(uow, r.QuestionnaireDefinitionRow) == len(codebook.QUESTIONNAIRES) + 1


# --- answering: channel, validation, refusals ---------------------------------------------------

def test_the_channel_is_decided_by_who_answers(uow, coordinator):
    cid = conference_at(uow, coordinator)
    via_link = family_link_actor(uow, coordinator, cid)
    handed = private_time.hand_screen_to_family(coordinator, cid, uow=uow)

    qs.submit_answer(via_link, cid, "family", {"score": 9}, uow=uow)
    qs.submit_answer(handed, cid, "network", {"score": 7}, uow=uow)
    qs.submit_answer(coordinator, cid, "professional", {"score": 6}, uow=uow)
    qs.transcribe_answer(coordinator, cid, "expert", {"score": 5}, uow=uow)

    assert [(a.role, a.channel) for a in responses(uow)] == [
        ("family", "family_link"), ("network", "shared_screen"), ("professional", "shared_screen"),
        ("expert", "transcribed")]
    counts = qs.answer_counts(coordinator, cid, uow=uow)
    assert counts.total == 4 and counts.by_channel == {"family_link": 1, "shared_screen": 2, "transcribed": 1}
    assert counts.by_role["family"] == 1 and counts.cells[("expert", "transcribed")] == 1


@pytest.mark.parametrize("values, questions", [
    ({"score": 11}, ("score",)), ({"felt_heard": 0, "plan_ours": 6}, ("felt_heard", "plan_ours")),
    ({"score": "beaucoup"}, ("score",)), ({"faces": 3}, ("faces",)), ({"what_changed": 4}, ("what_changed",)),
    ({"score": 8, "invented": "texte"}, ("invented",))])
def test_an_invalid_answer_is_refused_with_its_questions_and_nothing_is_written(uow, coordinator, values, questions):
    cid = conference_at(uow, coordinator)

    with pytest.raises(qs.AnswerInvalid) as refused:
        qs.submit_answer(coordinator, cid, "family", values, uow=uow)

    assert refused.value.questions == questions
    assert count(uow, r.QuestionnaireResponseRow) == count(uow, r.QuestionnaireTextRow) == 0
    definition = qs.definition_for(coordinator, cid, "family", uow=uow)
    text = qs.refusal_message(refused.value, definition)
    assert "Vérifiez-les" in text or "Vérifiez" in text


def test_an_empty_answer_is_refused(uow, coordinator):
    cid = conference_at(uow, coordinator)

    with pytest.raises(qs.AnswerInvalid) as refused:
        qs.submit_answer(coordinator, cid, "family", {"score": None, "what_changed": "  "}, uow=uow)

    assert refused.value.code == "empty" and count(uow, r.QuestionnaireResponseRow) == 0


def test_a_version_of_another_territory_or_questionnaire_is_refused(uow, coordinator):
    nord, sud = territory(uow, "nord", "Territoire Nord (fictif)"), territory(uow, "sud", "Territoire Sud (fictif)")
    version = qs.add_territory_question(pilot_of(uow, nord), nord, "end_of_conference", "Une question", "open",
                                        uow=uow)
    in_sud = conference_at(uow, coordinator, territory=sud)

    for role in ("family", "child"):
        with pytest.raises(InvalidInput):
            qs.submit_answer(coordinator, in_sud, role, {"felt_heard": 3}, version=version, uow=uow)
    assert count(uow, r.QuestionnaireResponseRow) == 0


def refused_actors(uow, coordinator, cid, other_cid):
    other_family = family_link_actor(uow, coordinator, other_cid)
    other_coordinator = make_coordinator(uow, "Coordinateur Voisin")
    nord = default_territory_id_of(uow, cid)
    pilot = pilot_of(uow, nord)
    return {"other family": other_family, "other coordinator": other_coordinator, "pilot": pilot}


def default_territory_id_of(uow, cid) -> int:
    with uow:
        return uow.session.get(r.ConferenceRow, cid).territory_id or default_territory_id(uow.session)


@pytest.mark.parametrize("who", ["other family", "other coordinator", "pilot"])
def test_refused_actors_write_nothing(uow, coordinator, who):
    cid, other = conference_at(uow, coordinator), conference_at(uow, coordinator)
    actor = refused_actors(uow, coordinator, cid, other)[who]

    for call in (qs.submit_answer, qs.transcribe_answer):
        with pytest.raises(Forbidden):
            call(actor, cid, "family", {"score": 8}, uow=uow)
    with pytest.raises(Forbidden):
        qs.answer_counts(actor, cid, uow=uow)
    assert count(uow, r.QuestionnaireResponseRow) == 0


@pytest.mark.parametrize("phase", [Phase.ORIENTATION, Phase.PREPARATION, Phase.INFORMATION_SHARING,
                                   Phase.PRIVATE_TIME])
def test_nobody_answers_before_the_plan_is_written(uow, coordinator, phase):
    cid = conference_at(uow, coordinator, phase)
    family = family_link_actor(uow, coordinator, cid)

    for actor, call in ((family, qs.submit_answer), (coordinator, qs.submit_answer),
                        (coordinator, qs.transcribe_answer)):
        with pytest.raises(Forbidden):
            call(actor, cid, "family", {"score": 8}, uow=uow)
    with pytest.raises(Forbidden):
        qs.definition_for(family, cid, "family", uow=uow)
    assert count(uow, r.QuestionnaireResponseRow) == 0


def test_the_family_cannot_transcribe_and_a_closed_handover_cannot_answer(uow, coordinator):
    cid = conference_at(uow, coordinator, Phase.FOLLOW_UP)
    family = family_link_actor(uow, coordinator, cid)
    handed = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    with uow:
        uow.session.get(r.ScreenHandoverRow, handed.handover_id).closed_at = r.utcnow()
        uow.commit()

    with pytest.raises(Forbidden):
        qs.transcribe_answer(family, cid, "family", {"score": 8}, uow=uow)
    with pytest.raises(Forbidden):
        qs.submit_answer(handed, cid, "family", {"score": 8}, uow=uow)
    assert count(uow, r.QuestionnaireResponseRow) == 0


def test_answers_point_at_no_participant_and_the_audit_holds_no_content(uow, coordinator):
    cid = conference_at(uow, coordinator, Phase.FOLLOW_UP)
    family = family_link_actor(uow, coordinator, cid)  # still works once the conference is closed
    with uow:
        uow.session.get(r.ConferenceRow, cid).phase = Phase.CLOSED.value
        uow.commit()

    qs.submit_answer(family, cid, "family", ADULT, "publication", uow=uow)
    qs.transcribe_answer(coordinator, cid, "child", {"faces": 2, "what_changed": "Papa Karim a écouté."}, uow=uow)

    columns = {c.name for c in r.QuestionnaireResponseRow.__table__.columns}
    assert not {c for c in columns if "participant" in c or "user" in c or "person" in c}
    with uow:
        entries = [(a.action, dict(a.details)) for a in uow.audit.entries("conference", cid)
                   if a.action.startswith("questionnaire.")]
    assert [action for action, _ in entries] == ["questionnaire.answered", "questionnaire.transcribed"]
    logged = repr(entries)
    for secret in ("Mamie Odile", "Papa Karim", "what_changed", "felt_heard", "publication", "child", "'family'"):
        assert secret not in logged
    assert entries == [("questionnaire.answered", {"channel": "family_link", "link": family.link_id}),
                       ("questionnaire.transcribed", {"channel": "transcribed"})]


def test_the_printed_form_holds_the_territory_s_questions_for_its_coordinator_only(uow, coordinator):
    from io import BytesIO

    from docx import Document

    nord = territory(uow, "nord", "Territoire Nord (fictif)")
    qs.add_territory_question(pilot_of(uow, nord), nord, "end_of_conference", "Le lieu vous convenait-il ?",
                              "yes_no", uow=uow)
    cid = conference_at(uow, coordinator, Phase.PREPARATION, territory=nord)  # printed before the meeting

    data = qs.printed_form(coordinator, cid, "family", uow=uow)

    text = " ".join(p.text for p in Document(BytesIO(data)).paragraphs)
    assert "Le lieu vous convenait-il" in text and f"Conférence n° {cid}" in text
    with pytest.raises(Forbidden):
        qs.printed_form(make_coordinator(uow, "Coordinateur Voisin"), cid, "child", uow=uow)


def test_an_earlier_version_is_shown_for_a_paper_form_printed_before_a_change(uow, coordinator):
    nord, sud = territory(uow, "nord", "Territoire Nord (fictif)"), territory(uow, "sud", "Territoire Sud (fictif)")
    pilot = pilot_of(uow, nord, sud)
    cid = conference_at(uow, coordinator, territory=nord)
    first = qs.add_territory_question(pilot, nord, "end_of_conference", "Le lieu vous convenait-il ?", "yes_no",
                                      uow=uow)
    qs.add_territory_question(pilot, nord, "end_of_conference", "Qu'auriez-vous changé ?", "open", uow=uow)
    in_sud = qs.add_territory_question(pilot, sud, "end_of_conference", "Une autre question", "open", uow=uow)

    assert len(qs.definition_for(coordinator, cid, "family", version=first, uow=uow)["questions"]) == 7
    assert len(qs.definition_for(coordinator, cid, "family", version=1, uow=uow)["questions"]) == 6
    with pytest.raises(InvalidInput):
        qs.definition_for(coordinator, cid, "family", version=in_sud, uow=uow)
    assert qs.answering_open(coordinator, cid, uow=uow)
    assert not qs.answering_open(make_coordinator(uow, "Coordinateur Voisin"), cid, uow=uow)
