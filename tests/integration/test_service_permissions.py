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
from conference.services import (audit, auth, conferences, consent, documents, family_links, followup, meeting,
                                 network, preparation, private_time, referents, retention, validation)
from conference.store import models as r

from ..factories import make_conference, make_coordinator
from ..postgres import database_rows

PASSWORD = "un-mot-de-passe-fictif"


def cast(uow, coordinator, cid, other_cid):
    """Every kind of actor, by name."""
    ref_id = auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, PASSWORD, uow=uow)
    referents.assign_referent(coordinator, cid, "ref.fictif", uow=uow)
    other = make_coordinator(uow, "Autre Coordinatrice Fictive")

    def account(login, role, institution=""):
        ident = auth.create_account(auth.SYSTEM, login, login, role, PASSWORD, institution=institution, uow=uow)
        return auth.authenticate(login, PASSWORD, uow=uow) if ident else None

    referent = auth.authenticate("ref.fictif", PASSWORD, uow=uow) if ref_id else None
    return {
        "coordinator": coordinator,
        "other_coordinator": other,
        "disabled_coordinator": replace(coordinator, active=False),
        "referent": referent,
        # The blind spot (#8): a referent not assigned to this conference, a deactivated one
        # (assigned), a partner of another structure, and a pilot (pilots have no territories
        # yet: "of another territory" is a pilot with none).
        "unassigned_referent": account("ref.non.assignee", Role.REFERENT, "Autre service (fictif)"),
        "deactivated_referent": replace(referent, active=False),
        "partner": account("partenaire.fictif", Role.PARTNER, "CAF (fictive)"),
        "partner_of_another_structure": account("partenaire.autre", Role.PARTNER, "CCAS d'ailleurs (fictif)"),
        "pilot": account("pilote.fictif", Role.PILOT),
        "admin": account("admin.fictif", Role.ADMIN),
        "family": private_time.hand_screen_to_family(coordinator, cid, uow=uow),
        "other_family": private_time.hand_screen_to_family(coordinator, other_cid, uow=uow),
    }


def audit_count(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(r.AuditRow))


def everything(uow) -> dict:
    """Every row of every table: "nothing written" means this is unchanged, not only the
    audit log's length (a refused call that wrote and forgot to audit would pass that)."""
    return database_rows(uow.factory.kw["bind"])


def row(u, cid):
    """The conference as it is now (for versions and ids an allowed call needs)."""
    from conference.store import mapping

    with u:
        return mapping.conference(u.conferences.get(cid, full=True))


def someone(u, cid, name="Mamie Mariam"):
    return next(p for p in row(u, cid).participants if p.name == name)


# (name, phase the conference is in, predicate, call(actor, cid, uow))
ACTIONS = [
    ("change_phase", Phase.PREPARATION, rules.can_change_phase,
     lambda a, c, u: conferences.change_phase(a, c, Phase.INFORMATION_SHARING, uow=u)),
    ("save_central_question", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: preparation.save_central_question(a, c, "Question fictive ?",
                                                       expected_number=row(u, c).question.number, uow=u)),
    ("add_participant", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: preparation.add_participant(a, c, name="Mme Fictive", relation="friend", uow=u)),
    ("update_participant", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: preparation.update_participant(a, c, someone(u, c).id, someone(u, c).version, ring=2, uow=u)),
    ("add_logistics_task", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: preparation.add_logistics_task(a, c, "meal", "Gâteau fictif", None, uow=u)),
    ("save_meeting_arrangements", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: preparation.save_meeting_arrangements(a, c, row(u, c).version, meeting_date=None, uow=u)),
    ("set_attendance", Phase.INFORMATION_SHARING, rules.can_edit_conference,
     lambda a, c, u: meeting.set_attendance(a, c, someone(u, c).id, "absent", someone(u, c).version, uow=u)),
    ("hand_screen_to_family", Phase.PRIVATE_TIME, rules.can_hand_screen_to_family,
     lambda a, c, u: private_time.hand_screen_to_family(a, c, uow=u)),
    ("read_family_view", Phase.PRIVATE_TIME, rules.can_read_family_screens,
     lambda a, c, u: private_time.get_family_view(a, c, uow=u)),
    ("end_private_time", Phase.PRIVATE_TIME, rules.can_end_private_time,
     lambda a, c, u: conferences.change_phase(a, c, Phase.VALIDATION, uow=u)),
    ("choose_follow_up", Phase.FOLLOW_UP, rules.can_record_follow_up,
     lambda a, c, u: followup.choose_follow_up(a, c, True, row(u, c).version, uow=u)),
    ("record_action_review", Phase.FOLLOW_UP, rules.can_record_follow_up,
     lambda a, c, u: followup.record_action_review(a, c, "A1", "done", uow=u)),
    ("record_follow_up_result", Phase.FOLLOW_UP, rules.can_record_follow_up,
     lambda a, c, u: followup.record_follow_up_result(a, c, "partly", "Fictif", row(u, c).version, uow=u)),
    ("list_family_links", Phase.PREPARATION, rules.can_see_family_links,
     lambda a, c, u: family_links.list_family_links(a, c, uow=u)),
    ("list_consents", Phase.PREPARATION, rules.can_read_consents, lambda a, c, u: consent.list_consents(a, c, uow=u)),
    ("export_consent_record", Phase.PREPARATION, rules.can_read_consents,
     lambda a, c, u: consent.export_consent_record(a, c, uow=u)),
    ("assign_referent", Phase.PREPARATION, rules.can_assign_referent,
     lambda a, c, u: referents.assign_referent(a, c, "ref.fictif", uow=u)),
    ("read_network", Phase.PREPARATION, rules.can_read_conference, lambda a, c, u: network.get_network(a, c, uow=u)),
    ("read_shareable_network", Phase.PREPARATION, rules.can_read_family_screens,
     lambda a, c, u: network.get_shareable_network(a, c, uow=u)),
    ("add_network_member", Phase.PREPARATION, rules.can_edit_network,
     lambda a, c, u: network.add_member(a, c, "Voisine Fictive", "neighbour", 2, uow=u)),
    ("export_network_map", Phase.PREPARATION, rules.can_export_network,
     lambda a, c, u: network.export_network_map(a, c, "html", uow=u)),
    ("snapshot_network", Phase.PREPARATION, rules.can_edit_conference,
     lambda a, c, u: network.snapshot_network(a, c, "essai", uow=u)),
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
        before = everything(uow)
        try:
            call(actor, cid, uow)
            refused = False
        except Forbidden:
            refused = True
        if refused == allowed:
            mismatches.append(f"{role}: rule says {'allowed' if allowed else 'refused'}, service "
                              f"{'refused' if refused else 'allowed'}")
        if refused:
            after = everything(uow)
            changed = sorted(table for table in before if before[table] != after.get(table))
            if changed:
                mismatches.append(f"{role}: refused but tables {changed} changed")
    assert not mismatches, f"{name}: " + "; ".join(mismatches)


def uow_access(uow, cid):
    with uow:
        return uow.conferences.access(cid)


ADMIN_ACTIONS = [
    ("list_audit", lambda a, u: audit.list_audit(a, uow=u)),
    ("list_accounts", lambda a, u: auth.list_accounts(a, uow=u)),
    ("create_account", lambda a, u: auth.create_account(a, "nouveau.fictif", "Nouveau Fictif", Role.PILOT, PASSWORD,
                                                         uow=u)),
    ("disable_account", lambda a, u: auth.set_account_active(a, "partenaire.fictif", False, uow=u)),
    ("read_retention", lambda a, u: retention.get_retention(a, uow=u)),
    ("purge_dry_run", lambda a, u: retention.purge(a, dry_run=True, uow=u)),
    ("upcoming_archives", lambda a, u: retention.upcoming_archives(a, uow=u)),
]


@pytest.mark.parametrize("name,call", ADMIN_ACTIONS, ids=[a[0] for a in ADMIN_ACTIONS])
def test_administration_is_the_administrators_only(uow, coordinator, name, call):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    actors = cast(uow, coordinator, cid, make_conference(uow, coordinator, Phase.PREPARATION))
    mismatches = []
    for role in sorted(actors, key=lambda role: actors[role].role is Role.ADMIN):
        allowed = rules.can_manage_accounts(actors[role])
        before = everything(uow)
        try:
            call(actors[role], uow)
            refused = False
        except Forbidden:
            refused = True
        if refused == allowed:
            mismatches.append(f"{role}: {'refused' if refused else 'allowed'}")
        if refused and everything(uow) != before:
            mismatches.append(f"{role}: refused but something was written")
    assert not mismatches, f"{name}: " + "; ".join(mismatches)
