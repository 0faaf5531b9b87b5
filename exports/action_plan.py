"""The family's action plan (.docx): the adopted plan in the family's words, to print,
sign and keep.

Pure: a conference snapshot and one adopted plan in, bytes out. Nobody flagged "not safe"
or "not to be invited" is ever named, even if the caller forgot to filter them out.
"""
from __future__ import annotations

from conference.domain.enums import Attendance, InvitationStatus, Relation, Role
from conference.domain.model import AdoptedPlan, Conference, Participant
from conference.i18n import format_date, translator
from conference.i18n.labels import label

from .docx_common import DocBuilder, format_iso_date

# Column widths of the actions table (mm, 170 in all): N°, what, who, when, how we'll know, support.
ACTION_COLUMNS_MM = (8, 42, 27, 34, 31, 28)
SIGNATURE_COLUMNS_MM = (62, 72, 36)
BLANK_SIGNATURE_ROWS = 2


def took_part(conf: Conference) -> list[Participant]:
    """Who took part, as the plan names them.

    Those marked present when attendance was taken; otherwise those invited or who
    confirmed. Never anyone flagged "not safe" or "not to be invited".
    """
    shareable = [p for p in conf.participants if p.shareable]
    if any(p.attendance is not None for p in conf.participants):
        return [p for p in shareable if p.attendance is Attendance.PRESENT]
    return [p for p in shareable if p.invitation in (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)]


def signatories(conf: Conference) -> list[Participant]:
    """Family and network members who took part: experts and professionals left before the
    private time, so they do not sign the family's plan."""
    return [p for p in took_part(conf) if p.relation not in (Relation.EXPERT, Relation.PROFESSIONAL)]


def build_action_plan(conf: Conference, plan: AdoptedPlan, *, lang: str = "fr") -> bytes:
    """The .docx of ``plan`` (one adopted version of the conference's plan).

    A4, page numbers in the footer, the language tag on the styles, French typography on
    every text when ``lang`` is "fr". Writes nothing, audits nothing (the service does).
    """
    _ = translator(lang)
    content = plan.content
    doc = DocBuilder(lang, title=f"{_('Family action plan')} — {conf.title}",
                     footer_label=f"{conf.title} · {_('Action plan, version {number}', number=plan.number)}")
    to_decide = _("To be decided")

    doc.title(_("Family action plan"))
    doc.paragraph(conf.title, style="CercleMeta", bold=True)
    doc.paragraph(_("Plan adopted on {date} · version {number}", date=format_date(plan.adopted_at, lang),
                    number=plan.number), style="CercleMeta")
    doc.paragraph(_("This plan was written by the family and the people close to them, during the private "
                    "time of the family conference. Private time is when the family meets without the "
                    "professionals. The plan says who does what, and when."), style="CercleIntro")

    doc.heading(_("The family's question"))
    doc.paragraph(_("This is the question the family chose to answer, in its own words."))
    doc.paragraph(doc.quoted(content.get("central_question") or ""), style="CercleQuestion")

    doc.heading(_("Who took part"))
    people = took_part(conf)
    for person in people:
        doc.bullet(person.name)
    if not people:
        doc.paragraph(_("Nobody was noted."), italic=True)

    doc.heading(_("What must be in any plan"))
    bottom_lines = [b for b in content.get("bottom_lines") or () if b]
    if bottom_lines:
        doc.paragraph(_("The referent professional (the professional who follows the family) asked for "
                        "these points. The plan must answer them."))
        for line in bottom_lines:
            doc.bullet(line)
    else:
        doc.paragraph(_("The referent professional did not ask for any particular point."))

    doc.heading(_("Our actions"))
    actions = content.get("actions") or ()
    doc.paragraph(_("Each line says who does what, and when."), keep_next=True)
    rows = []
    for n, action in enumerate(actions, start=1):
        due = format_iso_date(action.get("due"))
        when = [(due, True)] if due else []
        if action.get("when"):
            when.append((action["when"], False))
        rows.append((str(n), action.get("what") or "", action.get("who") or to_decide,
                     when or ((to_decide, False),), action.get("success_sign") or "",
                     action.get("support_needed") or ""))
    doc.grid(ACTION_COLUMNS_MM,
             (_("No."), _("What?"), _("Who?"), _("When?"), _("How we will know it works"), _("Support needed")),
             rows)
    if not actions:
        doc.paragraph(_("No action was written."), italic=True)

    doc.heading(_("If it does not work"))
    doc.paragraph(content.get("if_not_working") or _("Nothing was written here."))

    doc.heading(_("How the plan will be followed"))
    doc.paragraph(content.get("follow_arrangement") or _("Nothing was written here."))
    if conf.follow_up.review_date:
        doc.labelled(_("Follow-up meeting"), format_date(conf.follow_up.review_date, lang))

    _signatures(doc, conf, _, lang)
    return doc.to_bytes()


def _signatures(doc: DocBuilder, conf: Conference, _, lang: str) -> None:
    """One row per family member who took part, blank rows for others, the coordinator;
    the block stays on one page (every row is kept with the next)."""
    doc.heading(_("Signatures"))
    doc.paragraph(_('By signing, each person says: "I agree with this plan and I will do my part."'),
                  keep_next=True)
    people = [(p.name, "") for p in signatories(conf)]
    people += [("", "")] * BLANK_SIGNATURE_ROWS
    people.append((conf.coordinator_name, label(Role.COORDINATOR, lang)))
    doc.signature_table(SIGNATURE_COLUMNS_MM, (_("Name"), _("Signature"), _("Date")), people)
