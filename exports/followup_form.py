"""The three-month follow-up form (.docx): every action of the adopted plan with boxes to
tick and lines to write on, usable on paper; prefilled with what was already recorded.

Pure: a conference snapshot and the adopted plan in, bytes out.
"""
from __future__ import annotations

from conference.domain.enums import ActionFollowUp, Resolution
from conference.domain.model import AdoptedPlan, Conference
from conference.i18n import format_date, translator
from conference.i18n.labels import label

from .docx_common import DocBuilder, format_iso_date

BLOCK_WIDTH_MM = (170,)
SIGNATURE_COLUMNS_MM = (62, 72, 36)
BLANK_DATE = "____ / ____ / ________"
STATUSES = (ActionFollowUp.DONE, ActionFollowUp.PARTLY, ActionFollowUp.NOT_DONE, ActionFollowUp.CHANGED)


def build_followup_form(conf: Conference, plan: AdoptedPlan, *, lang: str = "fr") -> bytes:
    """The .docx of the follow-up form for ``plan``.

    One boxed block per action (what, who, when; ☐ Done ☐ Partly ☐ Not done ☐ Changed;
    lines for "why"). Reviews already recorded in ``conf.follow_up`` (matched on the
    action's key) are prefilled: their box is ticked (☒) and their "why" written in.
    Writes nothing, audits nothing (the service does).
    """
    _ = translator(lang)
    content = plan.content
    follow_up = conf.follow_up
    reviews = {r.action_key: r for r in follow_up.reviews}
    doc = DocBuilder(lang, title=f"{_('Three-month follow-up form')} — {conf.title}",
                     footer_label=f"{conf.title} · {_('Follow-up of the plan, version {number}', number=plan.number)}")

    doc.title(_("Three-month follow-up form"))
    doc.paragraph(conf.title, style="CercleMeta", bold=True)
    doc.paragraph(_("Plan version {number}, adopted on {date}", number=plan.number,
                    date=format_date(plan.adopted_at, lang)), style="CercleMeta")
    doc.labelled(_("Date of the follow-up meeting"),
                 format_date(follow_up.review_date, lang) if follow_up.review_date else BLANK_DATE,
                 style="CercleMeta")
    doc.paragraph(_("This form helps to see how the plan went, three months later. For each action, tick "
                    "one box. Then write why, in your own words."), style="CercleIntro")

    doc.heading(_("The family's question"))
    doc.paragraph(doc.quoted(content.get("central_question") or ""), style="CercleQuestion")

    doc.heading(_("The plan's actions"))
    actions = content.get("actions") or ()
    for n, action in enumerate(actions, start=1):
        if n > 1:
            doc.paragraph(space_after=0)  # two tables side by side would merge into one
        _action_block(doc, _, lang, n, action, reviews.get(action.get("key")))
    if not actions:
        doc.paragraph(_("No action was written."), italic=True)

    doc.heading(_("The situation today"))
    doc.paragraph(_("Is the starting situation resolved?"), style="CercleLabel", keep_next=True)
    doc.checkboxes([(_("No"), follow_up.resolution is Resolution.NOT_RESOLVED),
                    (_("Partly"), follow_up.resolution is Resolution.PARTLY),
                    (_("Completely"), follow_up.resolution is Resolution.COMPLETELY)])
    doc.paragraph(_("What has changed?"), style="CercleLabel", keep_next=True)
    if follow_up.what_changed:
        doc.paragraph(follow_up.what_changed, keep_next=True)
    doc.ruled_lines(1 if follow_up.what_changed else 4)
    doc.paragraph(_("Would you like a new network map?"), style="CercleLabel", keep_next=True)
    doc.paragraph(_("The network map shows the people around you. A new map shows what has moved."),
                  keep_next=True)
    doc.checkboxes([(_("Yes"), False), (_("No"), False)])

    doc.heading(_("Signature"))
    doc.signature_table(SIGNATURE_COLUMNS_MM, (_("Name"), _("Signature"), _("Date")),
                        [("", "")] * 3)
    return doc.to_bytes()


def _action_block(doc: DocBuilder, _, lang: str, number: int, action: dict, review) -> None:
    """A boxed block kept on one page: the action prefilled, the boxes, lines for why."""
    tbl = doc.table(BLOCK_WIDTH_MM)
    widths = doc.widths(tbl)
    (head,) = doc.row(tbl, widths=widths, fill="E3EAF3")
    doc.paragraph(_("Action {number}: {what}", number=number, what=action.get("what") or ""),
                  style="CercleBlockHead", keep_next=True, into=head)
    (body,) = doc.row(tbl, widths=widths)
    to_decide = _("To be decided")
    doc.labelled(_("Who"), action.get("who") or to_decide, into=body, keep_next=True)
    due = format_iso_date(action.get("due"))
    when = " — ".join(part for part in (due, action.get("when") or "") if part)
    doc.labelled(_("When"), when or to_decide, into=body, keep_next=True)
    if action.get("success_sign"):
        doc.labelled(_("How we will know it works"), action["success_sign"], into=body, keep_next=True)
    status = review.status if review else None
    doc.checkboxes([(label(s, lang), status is s) for s in STATUSES], into=body, keep_next=True)
    doc.paragraph(_("Why? / What changed"), style="CercleLabel", into=body, keep_next=True)
    why = review.why if review else ""
    doc.ruled_rows(tbl, 2 if why else 3, text=why)
