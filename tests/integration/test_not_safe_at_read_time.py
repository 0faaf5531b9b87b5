"""A person flagged "not safe" AFTER the plan was adopted disappears from every reader:
the plan and follow-up documents, the family's screen and the shared comparison of the
network. The flag is applied when the content is read, frozen content included.

Fictional Moreau-Diallo family (../shared/SCENARIOS.md §1): Oncle Karim owns an action of
the adopted plan; the referent learns something new and he is flagged "not safe".
"""
from __future__ import annotations

import io
import json

import pytest
from docx import Document

from conference.domain import safety
from conference.domain.enums import Phase
from conference.services import conferences, documents, network, preparation, private_time, validation

from ..factories import make_conference

KARIM = "Oncle Karim"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(texts)


@pytest.fixture
def flagged_after_adoption(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.VALIDATION)
    validation.adopt_plan(coordinator, cid, uow=uow)
    conf = conferences.get_conference(coordinator, cid, uow=uow)
    karim = next(p for p in conf.participants if p.name == KARIM)
    assert any(a["who"] == KARIM for a in conf.current_plan.content["actions"])  # frozen with his name
    preparation.update_participant(coordinator, cid, karim.id, karim.version, not_safe=True, uow=uow)
    return cid


def test_the_plan_document_no_longer_names_him_and_his_action_shows_a_removed_owner(uow, coordinator,
                                                                                 flagged_after_adoption):
    _name, data = documents.export_action_plan(coordinator, flagged_after_adoption, uow=uow)

    text = docx_text(data)
    assert "Karim" not in text
    assert "personne retirée — à revoir avec la coordination" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Karim va chercher Lina" not in text  # his name is taken out of the action's own words too


def test_the_follow_up_form_no_longer_names_him(uow, coordinator, flagged_after_adoption):
    for filled in (False, True):
        _name, data = documents.export_followup_form(coordinator, flagged_after_adoption, filled=filled, uow=uow)

        assert "Karim" not in docx_text(data)


def test_the_familys_screen_shows_the_plan_without_him(uow, coordinator, flagged_after_adoption):
    family = private_time.hand_screen_to_family(coordinator, flagged_after_adoption, uow=uow)

    view = private_time.get_family_view(family, flagged_after_adoption, uow=uow)

    assert KARIM not in [p.name for p in view.people]
    assert "Karim" not in json.dumps(view.plan.content, ensure_ascii=False)
    assert safety.withheld_actions(view.plan.content)


def test_the_shared_comparison_leaves_him_out_on_both_sides(uow, coordinator, flagged_after_adoption):
    shared = network.compare_with_snapshot(coordinator, flagged_after_adoption, "adoption", for_sharing=True, uow=uow)
    professional = network.compare_with_snapshot(coordinator, flagged_after_adoption, "adoption", uow=uow)

    names = {p.name for group in (shared.joined, shared.left) for p in group}
    names |= {c.person.name for group in (shared.ring_changed, shared.relation_changed) for c in group}
    assert KARIM not in names
    conf = conferences.get_conference(coordinator, flagged_after_adoption, uow=uow)
    hidden = sum(1 for p in conf.participants if not p.is_focal and not safety.is_shareable(p))  # Karim, Julien
    assert shared.size_before == shared.size_after == professional.size_before - hidden


def test_the_referents_screen_shows_the_plan_without_him(uow, coordinator, flagged_after_adoption):
    from conference.domain.enums import Role
    from conference.services import auth, referents

    password = "un-mot-de-passe-fictif"
    auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, password, uow=uow)
    referents.assign_referent(coordinator, flagged_after_adoption, "ref.fictif", uow=uow)
    referent = auth.authenticate("ref.fictif", password, uow=uow)

    view = referents.get_referent_view(referent, flagged_after_adoption, uow=uow)

    assert "Karim" not in json.dumps(view.plan.content, ensure_ascii=False)
    assert safety.withheld_actions(view.plan.content)
