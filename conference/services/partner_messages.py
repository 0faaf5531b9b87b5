"""French sentences for what the synthesis meetings' services refuse beyond the common
cases (``pages.ui`` says the common ones: stale screen, not allowed, required, too long).
A page asks ``message(error, lang)`` first and falls back to its usual text on ``None``."""
from __future__ import annotations

from conference.domain import errors as e
from conference.domain.partnership import ReportNotApproved
from conference.i18n import N_, translator

CODES = {
    ("next_date", "before_meeting"): N_("The next meeting cannot be before this one."),
    ("handover", "already_confirmed"): N_("This handover note is already confirmed."),
    ("successor", "same_person"): N_("The successor must be someone else than the person leaving."),
    ("successor", "required"): N_("Choose who takes over (an account or a contact of the directory)."),
    ("successor", "unknown_value"): N_("The successor chosen has no active account."),
    ("brought_by_structure_id", "required"): N_("Say which structure brings this information."),
    ("owner_structure_id", "unknown_value"): N_("This structure is not in the directory."),
    ("structure_id", "unknown_value"): N_("This structure is not in the directory."),
    ("draft_report", "required"): N_("Write the draft report first."),
}
TOO_MANY = N_("Too many lines (at most {limit}).")


def message(error: Exception, lang: str = "fr") -> str | None:
    """The French sentence for ``error``, or None when the page's usual text fits."""
    _ = translator(lang)
    if isinstance(error, ReportNotApproved):
        return _("The report cannot be final yet: still to approve: {names}.", names=", ".join(error.missing))
    if isinstance(error, e.InvalidInput):
        if error.code == "too_many":
            return _(TOO_MANY, limit=error.facts.get("limit"))
        text = CODES.get((error.field, error.code))
        return _(text) if text else None
    return None
