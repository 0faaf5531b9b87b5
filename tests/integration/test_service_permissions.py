"""Services enforce the rules: for every role, each use case is refused exactly when its
predicate says no — with ``Forbidden`` and nothing written. (The predicates themselves
are checked cell by cell, with an explicit table, in tests/unit/test_security_matrix.py.)
Runs on every database the suite runs on (SQLite, and PostgreSQL in CI)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from conference.domain.enums import InfoKind, Phase, RatificationDecision, Role
from conference.domain.errors import Forbidden
from conference.security import rules
from conference.services import (auth, conferences, consent, documents, family_links, meeting, network,
                                 private_time, referents, validation)
from conference.store import models as r

from ..factories import make_conference, make_coordinator

PASSWORD = "un-mot-de-passe-fictif"


def cast(uow, coordinator, cid, other_cid):
    """Every kind of actor, by name."""
    ref_id = auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, PASSWORD, uow=uow)
    referents.assign_referent(coordinator, cid, "ref.fictif", uow=uow)
    other = make_coordinator(uow, "Autre Coordinatrice Fictive")

    def account(login, role):
        ident = auth.create_account(auth.SYSTEM, login, login, role, PASSWORD, uow=uow)
        return auth.authenticate(login, PASSWORD, uow=uow) if ident else None

    return {
        "coordinator": coordinator,
        "other_coordinator": other,
        "disabled_coordinator": replace(coordinator, active=False),
        "referent": auth.authenticate("ref.fictif", PASSWORD, uow=uow) if ref_id else None,
        "partner": account("partenaire.fictif", Role.PARTNER),
        "pilot": account("pilote.fictif", Role.PILOT),
        "admin": account("admin.fictif", Role.ADMIN),
        "family": private_time.hand_screen_to_family(coordinator, cid, uow=uow),
        "other_family": private_time.hand_screen_to_family(coordinator, other_cid, uow=uow),
    }


def audit_count(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(r.AuditRow))


# (name, phase the conference is in, predicate, call(actor, cid, uow))
ACTIONS = [
    ("read_conference", Phase.PREPARATION, rules.can_read_conference,
     lambda a, c, u: conferences.get_conference(a, c, uow=u)),
    ("update_orientation", Phase.ORIENTATION, rules.can_edit_conference,
     lambda a, c, u: conferences.update_orientation(a, c, None, situation="Texte fictif", uow=u)),
    ("add_info_item", Phase.INFORMATION_SHARING, rules.can_edit_conference,
     lambda a, c, u: meeting.add_info_item(a, c, InfoKind.RESOURCE, "Ressource fictive", uow=u)),
    ("read_plan_draft_in_private_time", Phase.PRIVATE_TIME, rules.can_read_plan_draft,
     lambda a, c, u: private_time.get_plan_draft(a, c, uow=u)),
    ("edit_plan_draft", Phase.PRIVATE_TIME, rules.can_edit_plan_draft,
     lambda a, c, u: private_time.add_plan_action(a, c, None, what="Action fictive", uow=u)),
    ("check_plan_form", Phase.VALIDATION, rules.can_check_plan_form,
     lambda a, c, u: validation.check_plan_form(a, c, uow=u)),
    ("record_ratification", Phase.VALIDATION, rules.can_record_ratification,
     lambda a, c, u: validation.record_ratification(a, c, RatificationDecision.RATIFIED, decided_by="X", uow=u)),
    ("adopt_plan", Phase.VALIDATION, rules.can_adopt_plan, lambda a, c, u: validation.adopt_plan(a, c, uow=u)),
    ("export_action_plan", Phase.FOLLOW_UP, rules.can_export_plan,
     lambda a, c, u: documents.export_action_plan(a, c, uow=u)),
    ("export_followup_form", Phase.FOLLOW_UP, rules.can_export_followup_form,
     lambda a, c, u: documents.export_followup_form(a, c, uow=u)),
    ("create_family_link", Phase.PREPARATION, rules.can_manage_family_links,
     lambda a, c, u: family_links.create_family_link(a, c, uow=u)),
    ("record_consent", Phase.PREPARATION, rules.can_record_consent,
     lambda a, c, u: consent.record_consent(a, c, "follow_up", True, uow=u)),
    ("read_referent_view", Phase.FOLLOW_UP, rules.can_read_referent_view,
     lambda a, c, u: referents.get_referent_view(a, c, uow=u)),
    ("export_network", Phase.PREPARATION, rules.can_export_network,
     lambda a, c, u: network.export_network(a, c, "json", uow=u)),
    ("close_conference", Phase.PREPARATION, rules.can_close_conference,
     lambda a, c, u: conferences.close_conference(a, c, "family_self_organised", uow=u)),
]


@pytest.mark.parametrize("name,phase,predicate,call", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_each_service_refuses_exactly_whom_its_rule_refuses(uow, coordinator, name, phase, predicate, call):
    cid = make_conference(uow, coordinator, phase)
    other_cid = make_conference(uow, coordinator, Phase.PREPARATION)
    actors = cast(uow, coordinator, cid, other_cid)
    mismatches = []
    # The allowed actor goes last: an allowed write (e.g. adoption) may change the phase.
    order = sorted(actors, key=lambda role: predicate(actors[role], uow_access(uow, cid)))
    for role in order:
        actor = actors[role]
        allowed = predicate(actor, uow_access(uow, cid))
        before = audit_count(uow)
        try:
            call(actor, cid, uow)
            refused = False
        except Forbidden:
            refused = True
        if refused == allowed:
            mismatches.append(f"{role}: rule says {'allowed' if allowed else 'refused'}, service "
                              f"{'refused' if refused else 'allowed'}")
        if refused and audit_count(uow) != before:
            mismatches.append(f"{role}: refused but something was written")
    assert not mismatches, f"{name}: " + "; ".join(mismatches)


def uow_access(uow, cid):
    with uow:
        return uow.conferences.access(cid)
