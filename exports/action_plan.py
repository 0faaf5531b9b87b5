"""The family's action plan (.docx): the adopted plan in the family's words, to print,
sign and keep; a referent, a judge or the family finds in it who decided what.

Pure: a conference snapshot (``safety.sharing_view``: nobody "not safe", the plan
redacted) and one adopted plan in, bytes out. Nobody flagged "not safe" or "not to be
invited" is ever named, even if the caller forgot to filter them out.
"""
from __future__ import annotations

from conference.domain import safety
from conference.domain.enums import Attendance, InvitationStatus, RatificationDecision, Relation
from conference.domain.model import AdoptedPlan, Conference, Participant, Ratification
from conference.i18n import translator
from conference.i18n.labels import label

from .docx_build import DocBuilder, Name
from .typography import long_date, short_date

# Column widths of the actions table (mm, 170 in all): N°, what, who, when, how we'll know, support.
ACTION_COLUMNS_MM = (8, 42, 27, 32, 31, 30)
IDENTITY_COLUMNS_MM = (55, 115)
SIGNATURE_COLUMNS_MM = (62, 72, 36)
BLANK_SIGNATURE_ROWS = 2


def took_part(conf: Conference) -> list[Participant]:
    """Who took part, as the plan names them.

    Those marked present when attendance was taken; otherwise those invited or who
    confirmed. Never anyone flagged "not safe" or "not to be invited".
    """
    shown = safety.shareable(conf.participants)
    if any(p.attendance is not None for p in conf.participants):
        return [p for p in shown if p.attendance is Attendance.PRESENT]
    return [p for p in shown if p.invitation in (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)]


def signatories(conf: Conference) -> list[Participant]:
    """Family and network members who took part: experts and professionals left before the
    private time, so they do not sign the family's plan."""
    return [p for p in took_part(conf) if p.relation not in (Relation.EXPERT, Relation.PROFESSIONAL)]


def professional_signatures(conf: Conference, _) -> list[tuple[str, str]]:
    """(name, what they sign as) of the referent, the coordinator and the co-coordinator:
    named people, no role written with a point médian (FALC)."""
    rows = []
    if conf.referent_name or conf.referent_institution:
        service = conf.referent_service or conf.referent_institution
        rows.append((Name(conf.referent_name), _("Follows the family for {service}", service=service) if service
                     else _("Follows the family")))
    rows.append((Name(conf.coordinator_name), _("Coordination of the conference")))
    if conf.neutrality.co_coordinator_name:
        rows.append((Name(conf.neutrality.co_coordinator_name), _("Co-coordination of the conference")))
    return rows


def decision_on(conf: Conference, plan: AdoptedPlan) -> Ratification | None:
    """The referent's latest decision on this very plan (same content hash), if any."""
    return next((x for x in reversed(conf.ratifications) if x.content_hash == plan.content_hash), None)


def owner_text(action: dict, _) -> str:
    if action.get(safety.WITHHELD):
        return _("person removed — to review with the coordination")
    return action.get("who") or _("To be decided")


def lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def build_action_plan(conf: Conference, plan: AdoptedPlan, *, lang: str = "fr", unnamed_holders: int = 0) -> bytes:
    """The .docx of ``plan`` (one adopted version of the conference's plan).

    ``unnamed_holders``: holders of parental authority who may not be named (printed as
    "another holder of parental authority, not named here"). A4, page numbers in the
    footer, the language tag on the styles, French typography on every text when
    ``lang`` is "fr". Writes nothing, audits nothing (the service does).
    """
    _ = translator(lang)
    conf = safety.sharing_view(conf)  # a second time is harmless: callers that forgot are covered
    plan = safety.redact_plan(plan, conf.participants)
    content = plan.content
    doc = DocBuilder(lang, title=f"{_('Family action plan')} — {conf.title}",
                     footer_label=f"{conf.title} · {_('Action plan, version {number}', number=plan.number)}")

    doc.title(_("Family action plan"))
    doc.paragraph(conf.title, style="CercleMeta", bold=True)
    doc.paragraph(_("Version {number} · adopted on {date}", number=plan.number,
                    date=long_date(plan.adopted_at, lang)), style="CercleMeta")
    doc.paragraph(_("This plan was written by the family and the people close to them, during the private "
                    "time of the family conference. Private time is when the family meets without the "
                    "professionals. The plan says who does what, and when."), style="CercleIntro")

    _identity(doc, conf, _, lang, unnamed_holders)

    doc.heading(_("The family's question"))
    doc.paragraph(_("This is the question the family chose to answer, in its own words."))
    doc.paragraph(doc.quoted(content.get("central_question") or ""), style="CercleQuestion")

    doc.heading(_("Who took part"))
    people = took_part(conf)
    for person in people:
        doc.bullet(Name(person.name))
    if not people:
        doc.paragraph(_("Nobody was noted."), italic=True)

    actions = content.get("actions") or ()
    _bottom_lines(doc, content, actions, _)

    doc.heading(_("Our actions"))
    doc.paragraph(_("Each line says who does what, and when."), keep_next=True)
    rows = []
    for n, action in enumerate(actions, start=1):
        due = short_date(action.get("due"))
        when = [(due, True)] if due else []
        if action.get("when"):
            when.append((action["when"], False))
        rows.append((str(n), action.get("what") or "", Name(owner_text(action, _)),
                     when or ((_("To be decided"), False),), action.get("success_sign") or "",
                     action.get("support_needed") or ""))
    doc.grid(ACTION_COLUMNS_MM,
             (_("No."), _("What?"), _("Who?"), _("When?"), _("How we will know it works"),
              _("Support needed, and who brings it")),
             rows)
    if not actions:
        doc.paragraph(_("No action was written."), italic=True)

    doc.heading(_("What the professionals bring"))
    commitments = lines(conf.professional_commitments)
    if commitments:
        doc.paragraph(_("Each professional says what they will bring to help the plan work."), keep_next=True)
        for line in commitments:
            doc.bullet(line)
    else:
        doc.paragraph(_("Nothing was noted."), italic=True)

    doc.heading(_("If it does not work"))
    doc.paragraph(content.get("if_not_working") or _("Nothing was written here."))
    if conf.fallback_contact:
        doc.labelled(_("Who to call"), conf.fallback_contact)

    doc.heading(_("How the plan will be followed"))
    doc.paragraph(content.get("follow_arrangement") or _("Nothing was written here."))
    watcher = conf.participant(conf.plan_watcher_id)
    if watcher is not None and safety.is_shareable(watcher):
        doc.labelled(_("In the family, the person who watches over the plan"), Name(watcher.name))
    if conf.follow_up.review_date:
        doc.labelled(_("Follow-up meeting"), long_date(conf.follow_up.review_date, lang))

    _decision(doc, conf, plan, _, lang)

    doc.heading(_("Who receives a copy"))
    recipients = lines(conf.copy_recipients)
    for line in recipients or [_("The family"), _("The referent professional"), _("The coordination")]:
        doc.bullet(line)
    confidentiality(doc, _)

    _signatures(doc, conf, _)
    return doc.to_bytes()


def _identity(doc: DocBuilder, conf: Conference, _, lang: str, unnamed_holders: int) -> None:
    """Who is concerned, who holds parental authority, who follows the family, who ran
    the conference, when, where and why: a two-column table."""
    doc.heading(_("About this conference"))
    rows = []
    focal = [Name(p.name) for p in conf.participants if p.is_focal]
    rows.append((_("The person concerned"), Name(", ".join(focal)) or _("Not noted")))
    holders = [p.name for p in conf.participants if p.parental_authority]
    holders += [_("another holder of parental authority, not named here")] * unnamed_holders
    if holders:
        rows.append((_("Parental authority"), [(Name(h), False) for h in holders]))
    referent = [(Name(conf.referent_name) if conf.referent_name else _("Not noted"), True)]
    service = " · ".join(x for x in (conf.referent_service, conf.referent_institution) if x)
    if service:
        referent.append((service, False))
    if conf.referent_phone:
        referent.append((_("Telephone: {number}", number=conf.referent_phone), False))
    rows.append((_("The referent professional (who follows the family)"), referent))
    coordination = [(Name(conf.coordinator_name) or _("Not noted"), True)]
    if conf.neutrality.coordinator_institution:
        coordination.append((conf.neutrality.coordinator_institution, False))
    if conf.neutrality.co_coordinator_name:
        co = conf.neutrality.co_coordinator_name
        if conf.neutrality.co_coordinator_institution:
            co = f"{co} ({conf.neutrality.co_coordinator_institution})"
        coordination.append((_("with {name}, co-coordination", name=co), False))
    rows.append((_("Coordination"), coordination))
    when = long_date(conf.meeting_date, lang) if conf.meeting_date else _("Not noted")
    rows.append((_("Date and place of the conference"),
                 f"{when}, {conf.meeting_place}" if conf.meeting_place else when))
    rows.append((_("Why the conference was held"), conf.conference_reason or _("Not noted")))
    table = doc.table(IDENTITY_COLUMNS_MM)
    widths = doc.widths(table)
    for head, value in rows:
        cells = doc.row(table, widths=widths)
        doc.paragraph(head, style="CercleTableHead", into=cells[0])
        for text, bold in ([(value, False)] if isinstance(value, str) else value):
            doc.paragraph(text, style="CercleTableText", bold=bold, into=cells[1])


def _bottom_lines(doc: DocBuilder, content: dict, actions, _) -> None:
    """Each non-negotiable point, named as such, then the actions that answer it."""
    doc.heading(_("The non-negotiable points"))
    bottom_lines = [b for b in content.get("bottom_lines") or () if b]
    if not bottom_lines:
        doc.paragraph(_("The referent professional did not ask for any particular point."))
        return
    doc.paragraph(_("The referent professional (the professional who follows the family) asked for these "
                    "points. They are not negotiable: the plan must answer each of them."), keep_next=True)
    linked = any("answers" in a for a in actions)
    for number, line in enumerate(content.get("bottom_lines") or (), start=1):
        if not line:
            continue
        doc.paragraph(_("Non-negotiable point {number}: {text}", number=number, text=line), bold=True,
                      keep_next=linked, space_after=2)
        if linked:
            answering = [str(n) for n, a in enumerate(actions, start=1) if number in (a.get("answers") or ())]
            doc.paragraph(_("Answered by the actions: {numbers}", numbers=", ".join(answering)) if answering
                          else _("No action answers it."), italic=True)


def _decision(doc: DocBuilder, conf: Conference, plan: AdoptedPlan, _, lang: str) -> None:
    """Who decided what, and when: the referent's decision on this plan, its reservations
    and their reason, then the adoption."""
    doc.heading(_("Who validated the plan"))
    decision = decision_on(conf, plan)
    if decision is None or decision.decision is RatificationDecision.REFUSED:
        doc.paragraph(_("No decision of the referent was recorded for this plan."), italic=True)
    else:
        doc.paragraph(doc.fmt(_("Plan validated by {name} on {date}."), name=Name(decision.decided_by),
                              date=long_date(decision.decided_at, lang)), raw=True)
        doc.labelled(_("Decision"), label(decision.decision, lang))
        if decision.decision is RatificationDecision.RESERVATIONS:
            doc.labelled(_("Reservations, and why"), decision.reason or _("Not noted"))
    doc.paragraph(doc.fmt(_("Plan adopted by {name} on {date}."), name=Name(plan.adopted_by),
                          date=long_date(plan.adopted_at, lang)), raw=True)


def _signatures(doc: DocBuilder, conf: Conference, _) -> None:
    """One row per family member who took part, blank rows for others, then the referent
    beside the family, the coordinator and the co-coordinator; kept on one page."""
    doc.heading(_("Signatures"))
    doc.paragraph(_('By signing, each person says: "I agree with this plan and I will do my part."'),
                  keep_next=True)
    people = [(Name(p.name), "") for p in signatories(conf)]
    people += [("", "")] * BLANK_SIGNATURE_ROWS
    people += professional_signatures(conf, _)
    doc.signature_table(SIGNATURE_COLUMNS_MM, (_("Name"), _("Signature"), _("Date")), people)


def confidentiality(doc: DocBuilder, _) -> None:
    """The confidentiality notice, just before the signatures (so it never ends up alone
    on a last page)."""
    doc.paragraph(_("Confidential. This document is about your family. Keep it safe and show it only to the people "
                    "who need it for the plan. Cercle keeps it only as long as the rules on personal data allow; "
                    "ask the coordination to see, correct or delete what is kept about you."),
                  style="CercleMeta", italic=True, space_before=8)
