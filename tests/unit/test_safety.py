"""The one "not safe" policy (conference.domain.safety), applied to live and frozen content.

Fictional Moreau-Diallo family (../shared/SCENARIOS.md §1): Julien Moreau, Lina's
father, is flagged "not safe" after the plan was adopted.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from conference.domain import safety
from conference.domain.enums import InvitationStatus, Phase, Relation, TieKind
from conference.domain.model import (
    Action, AdoptedPlan, BottomLine, CentralQuestion, Conference, Participant, PlanDraft, Tie, content_hash,
    plan_content,
)
from conference.network import exchange

LINA = Participant(1, "Lina", Relation.FAMILY, is_focal=True)
MARIAM = Participant(2, "Mamie Mariam", Relation.FAMILY, 1, phone="06 00 00 00 01", phone_visible=False,
                     note="note de travail")
JULIEN = Participant(3, "Julien Moreau", Relation.FAMILY, 2)
SOPHIE = Participant(4, "Tante Sophie Moreau", Relation.FAMILY, 2)


def conference(*people: Participant) -> Conference:
    return Conference(1, "Famille Moreau-Diallo (démo)", Phase.VALIDATION, question=CentralQuestion(1, "Q ?"),
                      bottom_lines=(BottomLine(7, "Lina n'est jamais seule la nuit."),),
                      participants=people or (LINA, MARIAM, JULIEN, SOPHIE),
                      ties=(Tie(1, 2, 3, TieKind.CONFLICT), Tie(2, 2, 4, TieKind.SUPPORT)))


def adopted(conf: Conference) -> Conference:
    draft = PlanDraft(actions=(
        Action(1, "Julien Moreau passe le mercredi", who_id=3, due=date(2026, 12, 2), bottom_lines=(7,)),
        Action(2, "Mariam dort chez Lina", who_id=2, due=date(2026, 12, 1)),
        Action(3, "Appeler l'école", who_text="julien  MOREAU"),
    ), if_not_working="Si Julien Moreau ne vient pas, Sophie appelle.", follow_arrangement="Dans 3 mois.")
    content = plan_content(conf, draft)
    plan = AdoptedPlan(1, content, content_hash(content), datetime(2026, 11, 23, 17), "Coordinatrice Fictive")
    return replace(conf, adopted=(plan,))


def flag(conf: Conference, person_id: int, **changes) -> Conference:
    changes = changes or {"not_safe": True, "invitation": InvitationStatus.NOT_TO_INVITE}
    return replace(conf, participants=tuple(replace(p, **changes) if p.id == person_id else p
                                            for p in conf.participants))


def test_new_adoptions_freeze_the_owner_id_and_the_bottom_lines_each_action_answers():
    content = adopted(conference()).current_plan.content

    assert content["actions"][0]["who_id"] == 3 and content["actions"][0]["who"] == "Julien Moreau"
    assert content["actions"][0]["answers"] == [1]
    assert content["actions"][2]["who_id"] is None


def test_a_flag_set_after_adoption_withholds_the_owner_and_removes_the_name_everywhere():
    conf = flag(adopted(conference()), 3)

    shared = safety.sharing_view(conf).current_plan.content
    first, second, third = shared["actions"]

    assert first["who"] == "" and first[safety.WITHHELD] is True
    assert first["what"] == "[…] passe le mercredi"  # the action keeps its text, not the name
    assert second["who"] == "Mamie Mariam" and not second.get(safety.WITHHELD)
    assert third[safety.WITHHELD] is True  # free-text owner matched by normalised name
    assert shared["if_not_working"] == "Si […] ne vient pas, Sophie appelle."
    assert "Julien" not in json.dumps(shared, ensure_ascii=False)
    assert safety.withheld_actions(shared) == ("A1", "A3")


def test_an_old_plan_without_owner_ids_is_matched_by_name():
    conf = adopted(conference())
    old = {**conf.current_plan.content,
           "actions": [{k: v for k, v in a.items() if k != "who_id"} for a in conf.current_plan.content["actions"]]}
    conf = flag(replace(conf, adopted=(replace(conf.current_plan, content=old),)), 3)

    shared = safety.sharing_view(conf).current_plan.content

    assert shared["actions"][0][safety.WITHHELD] is True
    assert shared["actions"][1]["who"] == "Mamie Mariam"


def test_the_frozen_plan_itself_and_its_hash_are_untouched():
    conf = flag(adopted(conference()), 3)

    safety.sharing_view(conf)

    assert conf.current_plan.content["actions"][0]["who"] == "Julien Moreau"
    assert conf.current_plan.content_hash == content_hash(conf.current_plan.content)


def test_a_person_not_to_be_invited_is_removed_but_the_aunts_family_name_and_a_longer_word_stay():
    conf = flag(adopted(conference()), 3, invitation=InvitationStatus.NOT_TO_INVITE)
    conf = replace(conf, adopted=(replace(conf.current_plan, content={
        **conf.current_plan.content, "follow_arrangement": "Tante Sophie Moreau appelle Julien Moreaux"}),))

    shared = safety.sharing_view(conf).current_plan.content

    assert shared["actions"][0][safety.WITHHELD] is True
    assert shared["follow_arrangement"] == "Tante Sophie Moreau appelle […] Moreaux"


def test_the_sharing_view_drops_people_their_ties_and_hidden_details():
    conf = flag(conference(), 3)

    view = safety.sharing_view(conf)

    assert [p.name for p in view.participants] == ["Lina", "Mamie Mariam", "Tante Sophie Moreau"]
    assert [t.id for t in view.ties] == [2]
    mariam = view.participants[1]
    assert mariam.phone == "" and mariam.note == ""


def test_nothing_to_hide_returns_the_plan_as_it_is():
    conf = adopted(conference())

    assert safety.sharing_view(conf).current_plan is conf.current_plan


def test_a_snapshot_gets_todays_flags_by_id():
    conf = conference()
    document = exchange.to_json(conf, for_sharing=False)

    redacted = safety.redact_snapshot(document, flag(conf, 3).participants)

    julien = next(m for m in redacted["members"] if m["id"] == 3)
    assert julien["not_safe"] is True and julien["invitation"] == "not_to_invite"
    assert next(m for m in document["members"] if m["id"] == 3)["not_safe"] is False  # a copy


def test_a_first_name_written_alone_is_removed_but_not_a_common_word():
    conf = adopted(conference())
    conf = replace(conf, adopted=(replace(conf.current_plan, content={
        **conf.current_plan.content, "if_not_working": "JULIEN ne vient pas. Julien, non. Un julienne de légumes."}),))

    shared = safety.sharing_view(flag(conf, 3)).current_plan.content

    assert shared["if_not_working"] == "[…] ne vient pas. […], non. Un julienne de légumes."


def test_names_in_text_finds_the_full_name_and_each_first_or_last_name():
    assert safety.names_in_text("Appeler JULIEN le soir", JULIEN) == ("julien",)
    assert safety.names_in_text("julien moreau vient", JULIEN) == ("julien moreau", "julien", "moreau")
    assert safety.names_in_text("Juliette vient", JULIEN) == ()


def test_an_import_never_makes_a_hidden_phone_visible():
    people = (LINA, replace(MARIAM, phone_visible=False, email="mariam@example.invalid", email_visible=True))
    data = json.dumps({"schema": exchange.SCHEMA, "members": [
        {"id": 99, "name": "mamie  mariam", "relation": "family", "phone": "06 00 00 00 01", "phone_visible": True,
         "email_visible": False}]}).encode()

    plan = exchange.plan_merge(people, (), exchange.parse("json", data), conference_id=1)

    changes = dict(plan.update).get(2, {})
    assert "phone_visible" not in changes
    assert changes.get("email_visible") is False  # hiding is always allowed
