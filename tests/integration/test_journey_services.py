"""The whole journey through the services, on a real migrated SQLite database."""
from __future__ import annotations

import pytest

from conference.domain.enums import Phase
from conference.domain.errors import Forbidden, StaleWrite
from conference.services import conferences, private_time

from ..factories import make_conference


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.CLOSED] + [Phase.CLOSED])
def test_a_conference_reaches_every_phase_through_the_services(uow, coordinator, phase):
    cid = make_conference(uow, coordinator, phase)

    conf = conferences.get_conference(coordinator, cid, uow=uow)

    assert conf.phase is phase


def test_a_professional_cannot_read_the_draft_during_private_time(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)

    with pytest.raises(Forbidden):
        private_time.get_plan_draft(coordinator, cid, uow=uow)


def test_a_second_session_saving_an_old_version_of_the_plan_is_refused(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    family = private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    seen = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.save_plan_texts(family, cid, seen, if_not_working="Premier", follow_arrangement="", uow=uow)

    with pytest.raises(StaleWrite):
        private_time.save_plan_texts(family, cid, seen, if_not_working="Second", follow_arrangement="", uow=uow)

    assert private_time.get_plan_draft(family, cid, uow=uow).if_not_working == "Premier"
