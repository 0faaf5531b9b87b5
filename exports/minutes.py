"""The minutes of a synthesis meeting (compte rendu, .docx), for two audiences:

- ``partners``: the whole meeting — the person's presence, who came, the person's needs
  in their words, the tour de table, the shared diagnosis, the information shared for a
  purpose (never an item the person objected to), the decisions with the carried-over
  ones first, gaps and duplicates, the next date;
- ``person``: a plain-language version for the person — what they said they need, what
  was decided, who does what, by when, their agreement, the next date, whom to call.
  Only information the person agreed to see written; no item they objected to; no
  partner's contribution nor diagnosis (they may hold what the person did not choose to
  see written).

Pure: a ``Meeting`` snapshot in, bytes out. Which items an audience may read is the
domain's rule (``conference.domain.sharing.items_for_minutes``), applied here again so an
exporter handed too much still prints only what it may.
"""
from __future__ import annotations

from conference.domain import sharing
from conference.domain.partnership import Agreement, Attendance, Decision, DecisionStatus, Meeting, PersonPresence
from conference.i18n import N_, translator
from conference.i18n.labels import label

from .docx_build import DocBuilder, Name
from .typography import long_date, short_date

AUDIENCES = ("partners", "person")
PARTICIPANT_COLUMNS_MM = (55, 65, 50)
DECISION_COLUMNS_MM = (8, 62, 34, 24, 22, 20)
ITEM_COLUMNS_MM = (24, 34, 72, 40)


def build_minutes(meeting: Meeting, *, audience: str = "partners", lang: str = "fr") -> bytes:
    """The .docx of ``meeting``'s minutes for ``audience`` (``partners`` or ``person``).
    Writes nothing, audits nothing (the service does)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == "person":
        return _person(meeting, lang)
    return _partners(meeting, lang)


def _presence_text(meeting: Meeting, _) -> str:
    presence = meeting.person_presence
    if presence is PersonPresence.REPRESENTED:
        return _("Represented by {who} (trusted third party)", who=meeting.third_party or _("a trusted person"))
    if presence is PersonPresence.ABSENT:
        return _("Not there: {reason}", reason=meeting.presence_reason) if meeting.presence_reason else _("Not there")
    if presence is PersonPresence.PRESENT:
        return _("Present in person")
    return _("Not recorded")


def _decision_rows(decisions, _, lang: str) -> list:
    rows = []
    for n, d in enumerate(decisions, start=1):
        action = [(d.action, False)]
        if d.carried_from is not None:
            since = long_date(d.first_meeting_date, lang) if d.first_meeting_date else ""
            action.append((_("Carried over from the meeting of {date}", date=since) if since
                           else _("Carried over from an earlier meeting"), False))
        rows.append((str(n), action, d.owner_structure_name or _("To be decided"),
                     short_date(d.deadline) or _("No date"), label(d.agreement, lang), label(d.status, lang)))
    return rows


def _partners(meeting: Meeting, lang: str) -> bytes:
    _ = translator(lang)
    kind = label(meeting.kind, lang)
    doc = DocBuilder(lang, title=f"{_('Minutes')} — {meeting.household_label}",
                     footer_label=f"{meeting.household_label} · {_('Minutes of {date}', date=short_date(meeting.held_on))}")
    doc.title(_("Minutes of the meeting"))
    doc.paragraph(Name(meeting.household_label), style="CercleMeta", bold=True)
    doc.paragraph(_("{kind} of {date}", kind=kind, date=long_date(meeting.held_on, lang)), style="CercleMeta")
    if meeting.path_referent:
        referent = meeting.path_referent
        if meeting.path_referent_reason:
            referent = f"{referent} — {meeting.path_referent_reason}"
        doc.labelled(_("Path referent"), Name(referent), style="CercleMeta")
    doc.paragraph(_("For the partners around the household. Confidential: share it only with the people who "
                    "need it to act on the decisions."), style="CercleIntro")

    doc.heading(_("The person"))
    doc.paragraph(_presence_text(meeting, _))

    doc.heading(_("Who took part"))
    if meeting.participants:
        doc.grid(PARTICIPANT_COLUMNS_MM, (_("Structure"), _("Name and role"), _("Presence")),
                 [(p.structure_name, Name(", ".join(x for x in (p.name, p.role) if x)), label(p.attendance, lang))
                  for p in meeting.participants])
    else:
        doc.paragraph(_("No partner recorded."), italic=True)

    doc.heading(_("The person's needs, in their words"))
    _needs(doc, meeting, _)

    doc.heading(_("Tour de table"))
    if meeting.contributions:
        for c in meeting.contributions:
            doc.labelled(c.structure_name or _("Partner"), c.text)
    else:
        doc.paragraph(_("No contribution recorded."), italic=True)

    doc.heading(_("Shared diagnosis"))
    doc.paragraph(meeting.diagnosis or _("Not written."), italic=not meeting.diagnosis)

    # One document for every partner around the table: only what each of them may see.
    recipients = {p.structure_id for p in meeting.participants if p.structure_id is not None}
    items = sharing.items_for_minutes(meeting.info_items, sharing.Audience.PARTNERS, recipients or None)
    if items:
        doc.heading(_("Information shared for a purpose"))
        doc.grid(ITEM_COLUMNS_MM, (_("Category"), _("Brought by"), _("Information"), _("Who may see it")),
                 [(label(i.category, lang), i.brought_by_name, i.text,
                   ", ".join(i.allowed_structure_names) or _("Only the structure that brought it"))
                  for i in items])

    doc.heading(_("Decisions"))
    _decisions_table(doc, meeting.carried_decisions, _("Decisions carried over from earlier meetings"), _, lang)
    _decisions_table(doc, meeting.new_decisions, _("Decisions of this meeting"), _, lang)
    if not meeting.decisions:
        doc.paragraph(_("No decision recorded."), italic=True)

    doc.heading(_("Gaps and duplicates found"))
    doc.paragraph(meeting.gaps or _("None recorded."), italic=not meeting.gaps)

    doc.heading(_("Next meeting"))
    doc.paragraph(long_date(meeting.next_date, lang) if meeting.next_date else _("Date to be set."))
    doc.paragraph(_("Confidential. These minutes hold only the information the person did not object to sharing. "
                    "Do not pass them on beyond the partners who took part."), style="CercleMeta", italic=True,
                  space_before=8)
    return doc.to_bytes()


def _needs(doc: DocBuilder, meeting: Meeting, _) -> None:
    if meeting.needs:
        for need in meeting.needs:
            doc.bullet(doc.quoted(need.text))
    else:
        doc.paragraph(_("No need recorded."), italic=True)


def _decisions_table(doc: DocBuilder, decisions, heading: str, _, lang: str) -> None:
    if not decisions:
        return
    doc.heading(heading, 2)
    doc.grid(DECISION_COLUMNS_MM, (_("No."), _("Action"), _("Who does it"), _("By"), _("The person's agreement"),
                                   _("Status")), _decision_rows(decisions, _, lang))


# ---------------------------------------------------------------------------------------
# The person's version, in plain words
# ---------------------------------------------------------------------------------------

_AGREEMENT_FOR_PERSON = {
    Agreement.YES: N_("You agreed."),
    Agreement.NO: N_("You did not agree."),
    Agreement.DEFERRED: N_("You wanted time to think. You can give your answer later."),
}


def _person(meeting: Meeting, lang: str) -> bytes:
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('What we decided together')} — {meeting.household_label}",
                     footer_label=f"{meeting.household_label} · {_('Meeting of {date}', date=short_date(meeting.held_on))}")
    doc.title(_("What we decided together"))
    doc.paragraph(Name(meeting.household_label), style="CercleMeta", bold=True)
    doc.paragraph(_("Meeting of {date}", date=long_date(meeting.held_on, lang)), style="CercleMeta")
    doc.paragraph(_("This sheet is for you. It says what was decided, who does what, and when we meet again. "
                    "It holds only what you agreed to see written."), style="CercleIntro")

    doc.heading(_("What you told us you need"))
    _needs(doc, meeting, _)

    doc.heading(_("What was decided"))
    open_decisions = [d for d in meeting.decisions if d.status is not DecisionStatus.DROPPED]
    for n, d in enumerate(open_decisions, start=1):
        _person_decision(doc, n, d, _, lang)
    if not open_decisions:
        doc.paragraph(_("Nothing was decided this time."), italic=True)

    doc.heading(_("Who does what"))
    owners: dict[str, list[str]] = {}
    for d in open_decisions:
        owners.setdefault(d.owner_structure_name or _("Not decided yet"), []).append(d.action)
    for owner, actions in owners.items():
        doc.labelled(owner, "; ".join(actions))
    present = [p for p in meeting.participants if p.structure_name and p.attendance is not Attendance.ABSENT]
    if present:
        doc.paragraph(_("The people who worked on your situation:"), keep_next=True)
        for p in present:
            who = ", ".join(x for x in (p.name, p.role) if x)
            doc.bullet(Name(f"{p.structure_name} — {who}" if who else p.structure_name))

    items = sharing.items_for_minutes(meeting.info_items, sharing.Audience.PERSON)
    if items:
        doc.heading(_("What was said, that you agreed to see written"))
        for item in items:
            doc.bullet(item.text)

    doc.heading(_("Next meeting"))
    doc.paragraph(_("We meet again on {date}.", date=long_date(meeting.next_date, lang)) if meeting.next_date
                  else _("The date of the next meeting will be given to you."))
    if meeting.path_referent:
        doc.labelled(_("Your contact for everything"), Name(meeting.path_referent))
    doc.paragraph(_("If something is wrong or missing on this sheet, tell your contact. You can change your mind "
                    "about what is shared at any time."), style="CercleMeta", italic=True, space_before=8)
    return doc.to_bytes()


def _person_decision(doc: DocBuilder, n: int, d: Decision, _, lang: str) -> None:
    doc.paragraph(_("{number}. {action}", number=n, action=d.action), bold=True, keep_next=True, space_after=0)
    doc.labelled(_("Who does it"), d.owner_structure_name or _("Not decided yet"), keep_next=True)
    doc.labelled(_("By when"), long_date(d.deadline, lang) if d.deadline else _("No date yet"), keep_next=True)
    doc.paragraph(_(_AGREEMENT_FOR_PERSON[d.agreement]))
