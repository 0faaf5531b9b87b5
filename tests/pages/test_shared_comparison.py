"""AppTest: the « Écran partagé » comparison of the network at follow-up (pages/network.py)
never shows a person flagged "not safe" after the plan was adopted, on either side."""
from __future__ import annotations

from conference.domain.enums import Phase
from conference.services import conferences, preparation

from .conftest import everything, texts


def test_a_person_flagged_after_adoption_is_in_neither_side_of_the_shared_comparison(make_app, conference_at, uow,
                                                                                      coordinator):
    cid = conference_at(Phase.FOLLOW_UP)
    karim = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants
                 if p.name == "Oncle Karim")
    preparation.update_participant(coordinator, cid, karim.id, karim.version, not_safe=True, ring=3, uow=uow)

    at = make_app("pages/network.py", conference_id=cid)

    assert at.toggle(key="net_shared").value is True
    page = texts(at)
    assert "Depuis l'adoption du plan" in page  # the comparison is there, without him
    assert "Karim" not in everything(at)
    assert not at.exception
