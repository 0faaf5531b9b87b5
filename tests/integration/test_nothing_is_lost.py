"""Nothing is lost: every write is committed at once; a restart (a new engine, as a new
server process would have) finds everything; stale and failed writes change nothing."""
from __future__ import annotations

import pytest

from conference.domain.enums import Phase
from conference.domain.errors import InvalidInput, StaleWrite
from conference.services import conferences, preparation, private_time
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from ..factories import make_conference


def fresh_uow(database_url: str) -> UnitOfWork:
    """What a restarted server sees: a brand-new engine on the same database."""
    return UnitOfWork(session_factory(make_engine(database_url)))


def test_a_restart_in_the_middle_of_the_journey_loses_nothing(uow, coordinator, database_url):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.add_plan_action(family, cid, version, what="Mamie Odile garde Lina le mercredi", uow=uow)

    after = fresh_uow(database_url)

    draft = private_time.get_plan_draft(family, cid, uow=after)
    assert "Mamie Odile garde Lina le mercredi" in [a.what for a in draft.actions]
    conf = conferences.get_conference(coordinator, cid, uow=after)
    assert conf.phase is Phase.PRIVATE_TIME
    assert conf.question.text.startswith("Comment on s'organise")
    assert len(conf.participants) == 11


def test_a_stale_orientation_save_is_refused_and_nothing_is_written(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    seen = conferences.get_conference(coordinator, cid, uow=uow).version
    conferences.update_orientation(coordinator, cid, seen, situation="Première version", uow=uow)

    with pytest.raises(StaleWrite):
        conferences.update_orientation(coordinator, cid, seen, situation="Seconde version", uow=uow)

    assert conferences.get_conference(coordinator, cid, uow=uow).situation == "Première version"


def test_a_stale_central_question_is_refused(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    number = conferences.get_conference(coordinator, cid, uow=uow).question.number
    preparation.save_central_question(coordinator, cid, "Une autre formulation", expected_number=number, uow=uow)

    with pytest.raises(StaleWrite):
        preparation.save_central_question(coordinator, cid, "Encore une", expected_number=number, uow=uow)

    history = conferences.get_conference(coordinator, cid, uow=uow).question_history
    assert [q.text for q in history][-1] == "Une autre formulation"
    assert len(history) == number + 1


def test_a_failed_write_rolls_back_everything(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    before = private_time.get_plan_draft(family, cid, uow=uow)

    with pytest.raises(InvalidInput):
        private_time.add_plan_action(family, cid, before.version, what="  ", uow=uow)

    assert private_time.get_plan_draft(family, cid, uow=uow) == before


def test_a_not_safe_person_cannot_own_an_action(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    unsafe = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants if p.not_safe)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version

    with pytest.raises(InvalidInput):
        private_time.add_plan_action(family, cid, version, what="Aller chercher Lina", who_id=unsafe.id, uow=uow)

    assert unsafe.id not in {p.id for p in private_time.get_family_view(family, cid, uow=uow).people}
