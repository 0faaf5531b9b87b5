"""The three-month follow-up form (.docx), in two clear forms:

- blank, for the meeting: every action and every non-negotiable point with empty boxes to
  tick and lines to write on, room for who came and what happens next, one signature row
  per signatory of the plan — even when answers were already recorded in Cercle;
- filled, once the follow-up is recorded: the same form with the recorded answers ticked
  and written in.

Pure: a conference snapshot (``safety.sharing_view``) and the adopted plan in, bytes out.
"""
from __future__ import annotations

from conference.domain import safety
from conference.domain.enums import ActionFollowUp, Resolution
from conference.domain.model import AdoptedPlan, Conference
from conference.i18n import translator
from conference.i18n.labels import label

from .action_plan import confidentiality, owner_text, professional_signatures, signatories
from .docx_build import DocBuilder, Name
from .typography import long_date, short_date

BLOCK_WIDTH_MM = (170,)
SIGNATURE_COLUMNS_MM = (62, 72, 36)
BLANK_DATE = "____ / ____ / ________"
BLANK_SIGNATURE_ROWS = 2
STATUSES = (ActionFollowUp.DONE, ActionFollowUp.PARTLY, ActionFollowUp.NOT_DONE, ActionFollowUp.CHANGED)


def build_followup_form(conf: Conference, plan: AdoptedPlan, *, lang: str = "fr", filled: bool = False) -> bytes:
    """The .docx of the follow-up form for ``plan``; ``filled`` writes in what
    ``conf.follow_up`` recorded (matched on the action's key), else every box is empty.
    Writes nothing, audits nothing (the service does)."""
    _ = translator(lang)
    conf = safety.sharing_view(conf)
    plan = safety.redact_plan(plan, conf.participants)
    content = plan.content
    follow_up = conf.follow_up
    reviews = {r.action_key: r for r in follow_up.reviews} if filled else {}
    doc = DocBuilder(lang, title=f"{_('Three-month follow-up form')} — {conf.title}",
                     footer_label=f"{conf.title} · {_('Follow-up of the plan, version {number}', number=plan.number)}")

    doc.title(_("Three-month follow-up form"))
    doc.paragraph(conf.title, style="CercleMeta", bold=True)
    doc.paragraph(_("Plan version {number}, adopted on {date}", number=plan.number,
                    date=long_date(plan.adopted_at, lang)), style="CercleMeta")
    if filled:
        recorded = follow_up.completed_at
        doc.paragraph(_("Filled in with the answers recorded on {date}", date=long_date(recorded, lang))
                      if recorded else _("Filled in with the answers recorded so far"), style="CercleMeta", bold=True)
    else:
        doc.paragraph(_("Blank form, to fill in during the meeting"), style="CercleMeta", bold=True)
    doc.labelled(_("Date of the follow-up meeting"),
                 long_date(follow_up.review_date, lang) if follow_up.review_date else BLANK_DATE,
                 style="CercleMeta")
    doc.paragraph(_("This form helps to see how the plan went, three months later. For each action, tick "
                    "one box. Then write why, in your own words."), style="CercleIntro")

    doc.heading(_("The family's question"))
    doc.paragraph(doc.quoted(content.get("central_question") or ""), style="CercleQuestion")

    doc.heading(_("Who came to the meeting"))
    doc.ruled_lines(3)

    _bottom_lines(doc, _, content)

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
    resolution = follow_up.resolution if filled else None
    doc.checkboxes([(_("No"), resolution is Resolution.NOT_RESOLVED),
                    (_("Partly"), resolution is Resolution.PARTLY),
                    (_("Completely"), resolution is Resolution.COMPLETELY)])
    doc.paragraph(_("What has changed?"), style="CercleLabel", keep_next=True)
    changed = follow_up.what_changed if filled else ""
    if changed:
        doc.paragraph(changed, keep_next=True)
    doc.ruled_lines(1 if changed else 4)
    doc.paragraph(_("Would you like a new network map?"), style="CercleLabel", keep_next=True)
    doc.paragraph(_("The network map shows the people around you. A new map shows what has moved."),
                  keep_next=True)
    doc.checkboxes([(_("Yes"), False), (_("No"), False)])

    doc.heading(_("What happens next"))
    doc.paragraph(_("Tick one box."), keep_next=True)
    for option in (_("We close the conference"), _("We write a new plan"), _("We hold a new conference")):
        doc.checkboxes([(option, False)], keep_next=True)  # one per line: the labels are long
    doc.ruled_lines(2)

    confidentiality(doc, _)
    doc.heading(_("Signatures"))
    people = [(Name(p.name), "") for p in signatories(conf)]
    people += [("", "")] * BLANK_SIGNATURE_ROWS
    people += professional_signatures(conf, _)
    doc.signature_table(SIGNATURE_COLUMNS_MM, (_("Name"), _("Signature"), _("Date")), people)
    return doc.to_bytes()


def _bottom_lines(doc: DocBuilder, _, content: dict) -> None:
    """Each non-negotiable point again, and whether it still holds (not recorded in Cercle:
    the boxes are for the meeting)."""
    bottom_lines = [b for b in content.get("bottom_lines") or () if b]
    if not bottom_lines:
        return
    doc.heading(_("The non-negotiable points"))
    doc.paragraph(_("The referent professional asked for these points. Are they still true today?"), keep_next=True)
    for number, line in enumerate(bottom_lines, start=1):
        doc.paragraph(_("Non-negotiable point {number}: {text}", number=number, text=line), bold=True, keep_next=True,
                      space_after=0)
        doc.paragraph(_("Does it still hold?"), keep_next=True, space_after=0)
        doc.checkboxes([(_("Yes"), False), (_("Partly"), False), (_("No"), False)], keep_next=True)
        doc.ruled_lines(1)


def _action_block(doc: DocBuilder, _, lang: str, number: int, action: dict, review) -> None:
    """A boxed block kept on one page: the action prefilled, the boxes, lines for why."""
    tbl = doc.table(BLOCK_WIDTH_MM)
    widths = doc.widths(tbl)
    (head,) = doc.row(tbl, widths=widths, fill="E3EAF3")
    doc.paragraph(_("Action {number}: {what}", number=number, what=action.get("what") or ""),
                  style="CercleBlockHead", keep_next=True, into=head)
    (body,) = doc.row(tbl, widths=widths)
    doc.labelled(_("Who"), Name(owner_text(action, _)), into=body, keep_next=True)
    due = short_date(action.get("due"))
    when = " — ".join(part for part in (due, action.get("when") or "") if part)
    doc.labelled(_("When"), when or _("To be decided"), into=body, keep_next=True)
    if action.get("success_sign"):
        doc.labelled(_("How we will know it works"), action["success_sign"], into=body, keep_next=True)
    status = review.status if review else None
    doc.checkboxes([(label(s, lang), status is s) for s in STATUSES], into=body, keep_next=True)
    doc.paragraph(_("Why? / What changed"), style="CercleLabel", into=body, keep_next=True)
    why = review.why if review else ""
    doc.ruled_rows(tbl, 2 if why else 3, text=why)
