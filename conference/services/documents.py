"""Documents of a conference. The service decides what each audience may see; the
exporters (``exports/``) only receive what they may print. Every export is audited."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from conference.domain.errors import InvalidInput
from conference.domain.model import AdoptedPlan, Conference
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store.uow import UnitOfWork

from .base import guard


def for_sharing(conf: Conference) -> Conference:
    """The conference without anyone flagged "not safe" or "not to be invited"."""
    return replace(conf, participants=conf.shareable_participants)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "conference"


def action_plan_file_name(title: str, number: int) -> str:
    return f"plan-action-{_slug(title)}-v{number}.docx"


def followup_form_file_name(title: str, number: int) -> str:
    return f"suivi-3-mois-{_slug(title)}-v{number}.docx"


def _adopted(uow: UnitOfWork, actor: Actor, conference_id: int, predicate, action: str,
             number: int | None) -> tuple[Conference, AdoptedPlan]:
    guard(uow, actor, conference_id, predicate, action)
    conf = mapping.conference(uow.conferences.get(conference_id, full=True))
    plans = [p for p in conf.adopted if number is None or p.number == number]
    if not plans:
        raise InvalidInput("plan", "no_plan_adopted")
    return for_sharing(conf), plans[-1]


def export_action_plan(actor: Actor, conference_id: int, *, lang: str = "fr", number: int | None = None,
                       uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the adopted plan (the latest, or version ``number``)."""
    from exports.action_plan import build_action_plan

    with uow:
        conf, plan = _adopted(uow, actor, conference_id, rules.can_export_plan, "export_action_plan", number)
        data = build_action_plan(conf, plan, lang=lang)
        uow.audit.record(actor, "export.action_plan", "conference", conference_id, number=plan.number, lang=lang)
        uow.commit()
    return action_plan_file_name(conf.title, plan.number), data


def export_followup_form(actor: Actor, conference_id: int, *, lang: str = "fr",
                         uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the three-month follow-up form, prefilled."""
    from exports.followup_form import build_followup_form

    with uow:
        conf, plan = _adopted(uow, actor, conference_id, rules.can_export_followup_form, "export_followup_form", None)
        data = build_followup_form(conf, plan, lang=lang)
        uow.audit.record(actor, "export.followup_form", "conference", conference_id, number=plan.number, lang=lang)
        uow.commit()
    return followup_form_file_name(conf.title, plan.number), data
