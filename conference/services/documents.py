"""Documents of a conference. The service decides what each audience may see; the
exporters (``exports/``) only receive what they may print. Every export is audited.

What the documents print beyond the plan itself (the identity block, who watches over
the plan, whom to call, who gets a copy, what each professional brings, who holds
parental authority) is entered by the coordinator through ``save_document_details`` and
``set_parental_authority``.
"""
from __future__ import annotations

import re
import unicodedata

from conference.domain import safety
from conference.domain.errors import InvalidInput
from conference.domain.model import AdoptedPlan, Conference
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean, guard

# The fields of ``save_document_details`` and their length limits.
DETAIL_TEXT = {"referent_service": MAX_SHORT, "referent_phone": 60, "conference_reason": 2000,
               "fallback_contact": 2000, "copy_recipients": 2000, "professional_commitments": 3000,
               "coordinator_contact": 300}


def for_sharing(conf: Conference) -> Conference:
    """The conference as a document may show it (``safety.sharing_view``): nobody flagged
    "not safe" or "not to be invited", adopted plans redacted against today's flags."""
    return safety.sharing_view(conf)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "conference"


def action_plan_file_name(title: str, number: int) -> str:
    return f"plan-action-{_slug(title)}-v{number}.docx"


def followup_form_file_name(title: str, number: int, *, filled: bool = False) -> str:
    return f"suivi-3-mois-{_slug(title)}-v{number}{'-rempli' if filled else ''}.docx"


def followup_recorded(conf: Conference) -> bool:
    """Something of the follow-up was recorded: the filled form has something to show."""
    fu = conf.follow_up
    return fu.completed_at is not None or any(r.status or r.why for r in fu.reviews)


# --- entering what the documents need ---------------------------------------------------------

def save_document_details(actor: Actor, conference_id: int, expected_version: int, *, uow: UnitOfWork,
                          plan_watcher_id: int | None | str = "unchanged", **values) -> int:
    """Save some of the fields the documents print (``DETAIL_TEXT``) and who watches over
    the plan (a participant who may be shown: ``safety.is_shareable``; None clears it).

    Returns the conference's new version; ``StaleWrite`` when someone saved meanwhile,
    ``InvalidInput`` for an unknown field, a too-long text or a watcher who may not be named.
    Audited ``conference.document_details_saved`` (field names only).
    """
    unknown = set(values) - set(DETAIL_TEXT)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    cleaned = {k: clean(v, k, limit=DETAIL_TEXT[k]) for k, v in values.items()}
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "save_document_details")
        row = uow.conferences.get(conference_id)
        check_version("conference", row, expected_version)
        if plan_watcher_id != "unchanged":
            if plan_watcher_id is not None:
                person = uow.conferences.child(r.ParticipantRow, int(plan_watcher_id), conference_id)
                if not safety.is_shareable(mapping.participant(person)):
                    raise InvalidInput("plan_watcher", "not_safe")
            row.plan_watcher_id = plan_watcher_id
            cleaned["plan_watcher_id"] = plan_watcher_id
        for name, value in cleaned.items():
            setattr(row, name, value)
        uow.flush()
        uow.audit.record(actor, "conference.document_details_saved", "conference", conference_id,
                         fields=sorted(cleaned))
        uow.commit()
        return row.version


def set_parental_authority(actor: Actor, conference_id: int, holder_ids, *, uow: UnitOfWork) -> None:
    """Exactly ``holder_ids`` hold parental authority over the person concerned (anyone,
    "not safe" people included: the documents then print an unnamed holder). Audited."""
    wanted = {int(i) for i in holder_ids or ()}
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "set_parental_authority")
        people = {p.id: p for p in uow.conferences.get(conference_id, full=True).participants}
        unknown = wanted - set(people)
        if unknown:
            raise InvalidInput("parental_authority", "unknown_value", value=str(min(unknown)))
        for ident, person in people.items():
            if person.parental_authority != (ident in wanted):
                person.parental_authority = ident in wanted
        uow.flush()
        uow.audit.record(actor, "conference.parental_authority_set", "conference", conference_id,
                         holders=len(wanted))
        uow.commit()


# --- exports -----------------------------------------------------------------------------------

def _adopted(uow: UnitOfWork, actor: Actor, conference_id: int, predicate, action: str,
             number: int | None) -> tuple[Conference, AdoptedPlan, tuple]:
    """The conference as documents see it, the plan asked for, and the unnamed holders of
    parental authority (``safety.removed`` people who hold it: printed without a name)."""
    guard(uow, actor, conference_id, predicate, action)
    conf = mapping.conference(uow.conferences.get(conference_id, full=True))
    if not any(number is None or p.number == number for p in conf.adopted):
        raise InvalidInput("plan", "no_plan_adopted")
    shared = for_sharing(conf)
    plans = [p for p in shared.adopted if number is None or p.number == number]
    hidden_holders = sum(1 for p in safety.removed(conf.participants) if p.parental_authority)
    return shared, plans[-1], hidden_holders


def export_action_plan(actor: Actor, conference_id: int, *, lang: str = "fr", number: int | None = None,
                       uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the adopted plan (the latest, or version ``number``)."""
    from exports.action_plan import build_action_plan

    with uow:
        conf, plan, hidden = _adopted(uow, actor, conference_id, rules.can_export_plan, "export_action_plan", number)
        data = build_action_plan(conf, plan, lang=lang, unnamed_holders=hidden)
        uow.audit.record(actor, "export.action_plan", "conference", conference_id, number=plan.number, lang=lang)
        uow.commit()
    return action_plan_file_name(conf.title, plan.number), data


def export_followup_form(actor: Actor, conference_id: int, *, lang: str = "fr", filled: bool | None = None,
                         uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the three-month follow-up form of the latest plan.

    ``filled=False``: blank, for the meeting (every box empty even if answers were
    recorded); ``filled=True``: with what was recorded; None: filled once something of the
    follow-up was recorded, blank before.
    """
    from exports.followup_form import build_followup_form

    with uow:
        conf, plan, hidden = _adopted(uow, actor, conference_id, rules.can_export_followup_form,
                                      "export_followup_form", None)
        filled = followup_recorded(conf) if filled is None else bool(filled)
        data = build_followup_form(conf, plan, lang=lang, filled=filled)
        uow.audit.record(actor, "export.followup_form", "conference", conference_id, number=plan.number, lang=lang,
                         filled=filled)
        uow.commit()
    return followup_form_file_name(conf.title, plan.number, filled=filled), data
