"""The administrator's audit-log query: filters, newest first, paging, permissions."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.security.rules import Actor
from conference.services import audit
from conference.services.auth import SYSTEM
from conference.store import models as r

from ..factories import make_conference
from ..postgres import database_url  # noqa: F401  (SQLite, and PostgreSQL when configured)

T0 = datetime(2026, 11, 1, 9, 0)


def add(uow, minutes: int, action: str, *, actor_id: int | None = None, target_type: str = "conference",
        target_id: int | None = 1, **details) -> int:
    with uow:
        row = r.AuditRow(at=T0 + timedelta(minutes=minutes), actor_id=actor_id, actor_role="coordinator",
                         action=action, target_type=target_type, target_id=target_id, details=details)
        uow.add(row)
        uow.flush()
        uow.commit()
        return row.id


@pytest.fixture
def log(uow, coordinator):
    """Six entries a minute apart, one of them by the coordinator account."""
    return {
        "created": add(uow, 0, "conference.created", actor_id=coordinator.id),
        "phase": add(uow, 1, "phase.changed", source="orientation", target="preparation"),
        "draft": add(uow, 2, "plan_draft.saved", target_id=2),
        "lookalike": add(uow, 3, "planXdraft.saved", target_id=2),
        "participant": add(uow, 4, "participant.added", target_type="participant", target_id=7, conference_id=1),
        "export": add(uow, 5, "export.action_plan", number=1, lang="fr"),
    }


def ids(page) -> list[int]:
    return [e.id for e in page.entries]


def test_entries_come_newest_first_with_their_total(log, uow):
    page = audit.list_audit(SYSTEM, uow=uow)

    assert ids(page) == [log[k] for k in ("export", "participant", "lookalike", "draft", "phase", "created")]
    assert page.total == 6
    assert page.entries[0].details == {"number": 1, "lang": "fr"}
    assert page.entries[-1].actor_role is Role.COORDINATOR


def test_the_actor_name_comes_from_the_account(log, uow, coordinator):
    page = audit.list_audit(SYSTEM, actor_id=coordinator.id, uow=uow)

    assert [(e.id, e.actor_name) for e in page.entries] == [(log["created"], "Coordinatrice Fictive")]


def test_pages_split_the_entries_and_keep_the_total(log, uow):
    first = audit.list_audit(SYSTEM, limit=4, uow=uow)
    second = audit.list_audit(SYSTEM, limit=4, offset=4, uow=uow)

    assert (len(first.entries), len(second.entries), first.total, second.total) == (4, 2, 6, 6)
    assert ids(first) + ids(second) == ids(audit.list_audit(SYSTEM, uow=uow))


def test_an_action_prefix_matches_only_itself_underscores_are_not_wildcards(log, uow):
    page = audit.list_audit(SYSTEM, action_prefix="plan_draft.", uow=uow)

    assert ids(page) == [log["draft"]]


@pytest.mark.parametrize("filters, expected", [
    ({"action_prefix": "phase."}, ["phase"]),
    ({"action_prefix": "export.action_plan"}, ["export"]),
    ({"action_prefix": "p"}, ["participant", "lookalike", "draft", "phase"]),
    ({"target_type": "participant"}, ["participant"]),
    ({"since": T0 + timedelta(minutes=4)}, ["export", "participant"]),
    ({"until": T0 + timedelta(minutes=1)}, ["created"]),
    ({"since": T0 + timedelta(minutes=1), "until": T0 + timedelta(minutes=3), "target_type": "conference"},
     ["draft", "phase"]),
    ({"action_prefix": "nothing."}, []),
    ({"action_prefix": "PHASE."}, []),  # codes are lower case; the same answer on SQLite and PostgreSQL
])
def test_filters_combine(log, uow, filters, expected):
    page = audit.list_audit(SYSTEM, **filters, uow=uow)

    assert ids(page) == [log[k] for k in expected]
    assert page.total == len(expected)


def test_the_journey_leaves_a_trail_the_administrator_can_filter(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)

    page = audit.list_audit(SYSTEM, action_prefix="phase.", uow=uow)

    assert [(e.action, e.target_id, e.details["target"]) for e in page.entries] == [
        ("phase.changed", cid, "preparation")]


def test_the_filter_offers_every_action_present(log, uow):
    assert audit.audit_actions(uow=uow) == sorted({"conference.created", "phase.changed", "plan_draft.saved",
                                                   "planXdraft.saved", "participant.added", "export.action_plan"})
    assert audit.audit_actions(SYSTEM, uow=uow) == audit.audit_actions(uow=uow)
    assert audit.audit_target_types(SYSTEM, uow=uow) == ["conference", "participant"]


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMIN], ids=lambda role: role.value)
def test_only_an_administrator_reads_the_audit_log(log, uow, role):
    actor = Actor(id=1, role=role, conference_id=1 if role is Role.FAMILY else None)

    with pytest.raises(Forbidden):
        audit.list_audit(actor, uow=uow)
    with pytest.raises(Forbidden):
        audit.audit_actions(actor, uow=uow)


def test_a_deactivated_administrator_reads_nothing(log, uow):
    with pytest.raises(Forbidden):
        audit.list_audit(Actor(id=1, role=Role.ADMIN, active=False), uow=uow)


@pytest.mark.parametrize("kwargs, field", [
    ({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"offset": -1}, "offset"),
    ({"since": T0, "until": T0 - timedelta(days=1)}, "until"),
])
def test_a_bad_page_or_period_is_refused(uow, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        audit.list_audit(SYSTEM, **kwargs, uow=uow)

    assert error.value.field == field
