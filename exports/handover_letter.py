"""Two documents of a handover (passation) when a professional leaves a household:

- ``build_handover_note``: the fiche de passation for the successor — where things stand,
  what the household already told (so no one asks it again), the pending steps, what may
  be shared, and whether the successor confirmed it;
- ``build_new_contact_letter``: the « votre nouveau contact » letter to the household, in
  plain words: who leaves, who takes over, how to reach them, that nothing has to be told
  again.

Pure: a ``HandoverNote`` snapshot in, bytes out.
"""
from __future__ import annotations

from conference.domain.partnership import HandoverNote
from conference.i18n import translator

from .docx_build import DocBuilder, Name
from .typography import long_date, long_datetime


def build_handover_note(note: HandoverNote, *, lang: str = "fr") -> bytes:
    """The handover note (.docx) for the successor and the partners. Writes nothing."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('Handover note')} — {note.household_label}",
                     footer_label=f"{note.household_label} · {_('Handover note')}")
    doc.title(_("Handover note"))
    doc.paragraph(Name(note.household_label), style="CercleMeta", bold=True)
    doc.labelled(_("Leaving"), Name(_who(note.from_name, note.from_structure)), style="CercleMeta")
    doc.labelled(_("Taking over"), Name(_who(note.to_name, note.successor_structure)), style="CercleMeta")
    doc.labelled(_("Written on"), long_date(note.written_at, lang), style="CercleMeta")
    if note.confirmed_at:
        doc.paragraph(_("Confirmed by the successor on {date}", date=long_datetime(note.confirmed_at, lang)),
                      style="CercleMeta", bold=True)
    else:
        doc.paragraph(_("Not yet confirmed by the successor"), style="CercleMeta", bold=True)
    for heading, text in ((_("Where things stand"), note.situation),
                          (_("What the household already told: do not ask it again"), note.already_told),
                          (_("Steps under way"), note.pending_steps),
                          (_("What may be shared"), note.may_share)):
        doc.heading(heading)
        doc.paragraph(text or _("Nothing written."), italic=not text)
    doc.paragraph(_("Confidential. This note passes the thread from one professional to the next. Share it only "
                    "with the successor and within what the household agreed to."), style="CercleMeta",
                  italic=True, space_before=8)
    return doc.to_bytes()


def build_new_contact_letter(note: HandoverNote, *, lang: str = "fr") -> bytes:
    """The « votre nouveau contact » letter (.docx) for the household. Writes nothing."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('Your new contact')} — {note.household_label}",
                     footer_label=f"{note.household_label} · {_('Your new contact')}")
    doc.title(_("Your new contact"))
    doc.paragraph(Name(note.household_label), style="CercleMeta", bold=True)
    doc.paragraph(long_date(note.written_at, lang), style="CercleMeta")
    doc.paragraph(_("Hello,"), space_before=12)
    leaving = Name(note.from_name) if note.from_name else _("your contact")
    doc.paragraph(Name(_("{name} is leaving their post.", name=leaving)))
    doc.paragraph(Name(_("From now on, your contact is {name}.", name=Name(_who(note.to_name, note.successor_structure))))
                  , bold=True)
    if note.successor_phone:
        doc.labelled(_("Phone"), note.successor_phone)
    if note.successor_email:
        doc.labelled(_("Email"), note.successor_email)
    doc.paragraph(_("You do not have to tell your story again. What you already told us has been passed on, with "
                    "your agreement."))
    doc.paragraph(_("The steps already started go on. If you have a question, call your new contact."))
    doc.paragraph(_("You can ask at any time what is written about you, and ask to correct it."),
                  style="CercleMeta", italic=True, space_before=12)
    return doc.to_bytes()


def _who(name: str, structure: str) -> str:
    return f"{name} ({structure})" if name and structure else name or structure
