"""The partners' reflection cycle report (.docx): six themed sessions and a review, each
with its notes and anonymous quotes, then the report itself — marked draft until every
participant approved it, final afterwards with who approved.

Pure: a ``ReflectionCycle`` snapshot in, bytes out. Quotes carry no author.
"""
from __future__ import annotations

from conference.domain.partnership import ReflectionCycle
from conference.i18n import translator
from conference.i18n.labels import label

from .docx_build import DocBuilder, Name
from .typography import long_date, long_datetime


def build_reflection_report(cycle: ReflectionCycle, *, lang: str = "fr") -> bytes:
    """The cycle's report; a draft says so on its first page. Writes nothing."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('Reflection cycle')} — {cycle.title}",
                     footer_label=f"{cycle.title} · {_('Reflection cycle')}")
    doc.title(_("Reflection cycle of the partners"))
    doc.paragraph(cycle.title, style="CercleMeta", bold=True)
    if cycle.is_final:
        doc.paragraph(_("Final report, approved by every participant on {date}",
                        date=long_datetime(cycle.final_at, lang)), style="CercleMeta", bold=True)
    else:
        doc.paragraph(_("Draft: not yet approved by every participant"), style="CercleMeta", bold=True)
        if cycle.missing_approvals:
            doc.labelled(_("Still to approve"), Name(", ".join(cycle.missing_approvals)), style="CercleMeta")
    if cycle.participants:
        doc.labelled(_("Participants"), Name(", ".join(name for _uid, name in cycle.participants)),
                     style="CercleMeta")

    doc.heading(_("The report"))
    if cycle.draft_report:
        for paragraph in cycle.draft_report.split("\n\n"):
            doc.paragraph(paragraph.strip())
    else:
        doc.paragraph(_("Not written yet."), italic=True)

    doc.heading(_("The sessions"))
    for n, session in enumerate(cycle.sessions, start=1):
        when = f" — {long_date(session.held_on, lang)}" if session.held_on else ""
        doc.heading(_("Session {number}: {theme}", number=n, theme=label(session.theme, lang)) + when, 2)
        doc.paragraph(session.notes or _("No notes."), italic=not session.notes)
        for quote in session.quotes:
            doc.bullet(doc.quoted(quote))
    doc.paragraph(_("Quotes are anonymous: no one's name is kept with what they said."), style="CercleMeta",
                  italic=True, space_before=8)
    return doc.to_bytes()
