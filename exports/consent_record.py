"""The family's information and consent record (.docx), printable to hand over: who
agreed to what, when, and what became of it; how the family's data is protected; whom
to ask; a line to sign.

Pure: the conference title and its consent records in, bytes out. The service passes
records whose not-shareable people carry no name (``person_withheld``): such a line says
"a person not named here", never "the family objects".
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from conference.domain.enums import ConsentKind
from conference.i18n import N_, translator

from .docx_build import DocBuilder, Name
from .typography import long_date, long_datetime, short_date

COLUMNS_MM = (24, 50, 46, 50)
# What was agreed to, in words a family reads (the app's labels carry a point médian).
KIND_TEXTS = {
    ConsentKind.CONFERENCE: N_("Holding a family conference"),
    ConsentKind.INFORMATION_DUTY: N_("Information given to the family"),
    ConsentKind.INVITATION: N_("Inviting someone to the conference"),
    ConsentKind.FOLLOW_UP: N_("A follow-up of the plan"),
    ConsentKind.EVALUATION_QUOTE: N_("Quoting the family's words in the evaluation"),
    ConsentKind.EVALUATION: N_("Taking part in the evaluation (no name leaves Cercle)"),
}
SIGNATURE_COLUMNS_MM = (62, 72, 36)


def _about(record, _) -> str:
    if record.person_withheld:
        return _("a person not named here")
    return Name(record.participant_name) if record.participant_name else ""


def _row(record, _, lang: str) -> tuple:
    """(when, what, who decided, decision) in plain words."""
    what = _(KIND_TEXTS[record.kind])
    if record.kind is ConsentKind.INVITATION:
        # The family decides whether someone is invited: the line is about that person.
        about = _about(record, _) or _("someone of the network")
        who = _("The family")
        decision = _("Invite {person}", person=about) if record.given else _("Do not invite {person}", person=about)
        decision = Name(decision)  # the person's name keeps the quotes typed in it (the template has none)
    else:
        about = _about(record, _)
        who = about or _("The family")
        decision = _("Agrees, or was informed") if record.given else _("Does not agree")
    if record.withdrawn_at is not None:
        withdrawn = " — " + _("withdrawn on {date}", date=long_date(record.withdrawn_at, lang))
        decision = Name(decision + withdrawn) if isinstance(decision, Name) else decision + withdrawn
    return short_date(record.recorded_at), what, Name(who) if isinstance(who, Name) else who, decision


def build_consent_record(title: str, records: Sequence, *, printed_at: datetime, lang: str = "fr",
                         coordinator_name: str = "", coordinator_contact: str = "") -> bytes:
    """``records`` are ``conference.services.consent.ConsentRecord`` (kind, participant
    name or ``person_withheld``, given, recorded by, when, withdrawn). One table, oldest
    first, in plain words, then the data-protection notice, the coordinator's contact and
    a signature line."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('What you agreed to')} — {title}",
                     footer_label=f"{title} · {_('Information and consent')}")
    doc.title(_("What you agreed to"))
    doc.paragraph(title, style="CercleMeta", bold=True)
    doc.paragraph(_("Printed on {date}", date=long_datetime(printed_at, lang)), style="CercleMeta")
    doc.paragraph(_("This sheet lists what the family was told and what it agreed to, or refused. You can change "
                    "your mind at any time: tell the coordinator, who writes it down."), style="CercleIntro")
    rows = [_row(record, _, lang) for record in records]
    if rows:
        doc.grid(COLUMNS_MM, (_("When"), _("What"), _("Who decided"), _("Decision")), rows)
    else:
        doc.paragraph(_("Nothing recorded yet."), italic=True)

    doc.heading(_("Your data is protected"))
    doc.paragraph(_("What is written about your family is used only to prepare and follow the family conference. "
                    "Only the people working on it can read it. It is kept for a limited time, then deleted or made "
                    "anonymous. You can ask to see it, to correct it, or to have it deleted, and you can complain to "
                    "the CNIL (the French data-protection authority)."))
    doc.heading(_("Who to ask"))
    if coordinator_name:
        doc.labelled(_("Coordination"), Name(coordinator_name))
    doc.labelled(_("Contact"), coordinator_contact or _("ask the coordination for its telephone number"))

    doc.heading(_("Signature"))
    doc.signature_table(SIGNATURE_COLUMNS_MM, (_("Name"), _("Signature"), _("Date")), [("", "")] * 2)
    return doc.to_bytes()
