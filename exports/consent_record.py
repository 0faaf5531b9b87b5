"""The family's information and consent record (.docx), printable to hand over.

Pure: the conference title and its consent records in, bytes out. The service passes only
records the family may see (never a person flagged "not safe").
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from conference.i18n import format_datetime, translator
from conference.i18n.labels import label

from .docx_common import DocBuilder

COLUMNS_MM = (34, 58, 34, 44)


def build_consent_record(title: str, records: Sequence, *, printed_at: datetime, lang: str = "fr") -> bytes:
    """``records`` are ``conference.services.consent.ConsentRecord`` (kind, participant
    name, given, recorded by, when, withdrawn). One table, oldest first, in plain words."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('What you agreed to')} — {title}",
                     footer_label=f"{title} · {_('Information and consent')}")
    doc.title(_("What you agreed to"))
    doc.paragraph(title, style="CercleMeta", bold=True)
    doc.paragraph(_("Printed on {date}", date=format_datetime(printed_at, lang)), style="CercleMeta")
    doc.paragraph(_("This sheet lists what the family was told and what it agreed to, or refused. You can change "
                    "your mind at any time: tell the coordinator, who writes it down."), style="CercleIntro")
    rows = []
    for record in records:
        decision = _("Agrees / was informed") if record.given else _("Objects")
        if record.withdrawn_at is not None:
            decision += " — " + _("withdrawn on {date}", date=format_datetime(record.withdrawn_at, lang))
        rows.append((format_datetime(record.recorded_at, lang), label(record.kind, lang),
                     record.participant_name or _("The family"), decision))
    if rows:
        doc.grid(COLUMNS_MM, (_("When"), _("What"), _("Who"), _("Decision")), rows)
    else:
        doc.paragraph(_("Nothing recorded yet."), italic=True)
    return doc.to_bytes()
