"""The coordinator's side of the evaluation (issue 9): the family's choice, the synthesis
sheet, a territory's own indicator values, territories. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from conference.domain.enums import Phase
from conference.domain.errors import Forbidden
from conference.services import evaluation_consent as ec
from conference.store import models as r
from conference.store.evaluation_consent import consented_conference_ids
from tests.factories import make_conference, make_coordinator


def _count(uow, model) -> int:
    with uow:
        return uow.session.query(model).count()


def test_family_choice_history_and_read_time_helper(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    other = make_conference(uow, coordinator, Phase.ORIENTATION)
    assert ec.evaluation_consent_of(coordinator, cid, uow=uow).current is None
    ec.record_evaluation_choice(coordinator, cid, False, uow=uow)
    ec.record_evaluation_choice(coordinator, cid, True, note="accord oral", uow=uow)
    ec.record_evaluation_choice(coordinator, other, True, uow=uow)
    state = ec.evaluation_consent_of(coordinator, cid, uow=uow)
    assert state.current is True
    assert [c.given for c in state.history] == [False, True]
    assert state.history[0].withdrawn_at is not None and state.history[1].withdrawn_at is None
    assert state.history[1].recorded_by == coordinator.name
    with uow:
        assert consented_conference_ids(uow.session) == {cid, other}
        assert consented_conference_ids(uow.session, [other]) == {other}
        assert consented_conference_ids(uow.session, []) == frozenset()
    assert ec.withdraw_evaluation_choice(coordinator, cid, uow=uow) is True
    state = ec.evaluation_consent_of(coordinator, cid, uow=uow)
    assert state.current is None and len(state.history) == 2 and all(c.withdrawn_at for c in state.history)
    assert ec.withdraw_evaluation_choice(coordinator, cid, uow=uow) is False
    with uow:
        assert consented_conference_ids(uow.session) == {other}
        actions = [a.action for a in uow.audit.entries("conference", cid)]
    assert actions.count("evaluation_consent.recorded") == 2 and "evaluation_consent.withdrawn" in actions


def test_a_refusal_after_an_agreement_takes_the_conference_out(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    ec.record_evaluation_choice(coordinator, cid, True, uow=uow)
    ec.record_evaluation_choice(coordinator, cid, False, uow=uow)
    with uow:
        assert consented_conference_ids(uow.session) == frozenset()


def test_another_coordinator_records_no_choice(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    stranger = make_coordinator(uow, "Autre Coordinatrice Fictive")
    before = _count(uow, r.ConsentRow)
    with pytest.raises(Forbidden):
        ec.record_evaluation_choice(stranger, cid, True, uow=uow)
    with pytest.raises(Forbidden):
        ec.evaluation_consent_of(stranger, cid, uow=uow)
    assert _count(uow, r.ConsentRow) == before
