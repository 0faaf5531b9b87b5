"""Validation: the coordinator checks the plan's *form*, records the referent's decision on
its *content*, then adopts it (a frozen version with its content hash) or sends it back
to the family. The content itself stays the family's: nothing here edits the plan.
"""
from datetime import date, datetime

import streamlit as st

from conference.domain import errors as e
from conference.domain import safety
from conference.domain.enums import Phase, RatificationDecision
from conference.domain.model import content_hash
from conference.i18n import N_, format_date, format_datetime
from conference.services import conferences, private_time, validation
from pages import document_forms, ui

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.VALIDATION)

FLASH = "validation_flash"
if FLASH in st.session_state:
    st.toast(st.session_state.pop(FLASH), icon=":material/check:")

if conf.phase is not Phase.VALIDATION:
    st.stop()

def when(moment: datetime | None) -> str:
    """In French local time (format_datetime converts from the stored UTC)."""
    return format_datetime(moment, ui.lang())


def saved(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


WARNING_LABELS = {
    "not_safe_name_in_action": N_("Action {position} names a person who must not appear in the plan (flagged "
                                  "\"not safe\" or \"not to be invited\"). Talk about it with the family before "
                                  "the referent reads the plan."),
    "not_safe_name_in_plan": N_("The plan's texts (\"if it does not work\", how it will be followed) name a person "
                                "who must not appear in the plan. Talk about it with the family before the referent "
                                "reads the plan."),
}


def show_findings(findings) -> None:
    warnings = [f for f in findings if not f.blocking]
    findings = [f for f in findings if f.blocking]
    for warning in warnings:
        st.warning(_(WARNING_LABELS[warning.code], position=warning.position), icon=":material/shield:")
    if not findings:
        st.success(_("Nothing is missing: every part of the question and every bottom line is answered, and every "
                     "action says who and by when."), icon=":material/check_circle:")
        return
    st.warning(_("Still missing ({count}):", count=len(findings)) + "\n\n" + bullets(findings),
               icon=":material/assignment_late:")


def removed_owner_warning(keys) -> str:
    return _("The owner of action(s) {keys} may no longer appear in the plan (flagged \"not safe\" or \"not to be "
             "invited\"): every document and the family's screen show \"person removed — to review with the "
             "coordination\". Choose someone else with the family.", keys=", ".join(keys))


def bullets(findings) -> str:
    """Findings quote the family's words: each line is escaped (ui.message would not)."""
    return "\n".join(f"- {ui.escape(ui.finding_text(f))}" for f in findings)


preview = ui.attempt(lambda: validation.plan_preview(actor, conf.id, uow=ui.uow()))
if preview is None:
    st.stop()
current_hash = content_hash(preview)
preview = safety.redact_plan_content(preview, conf.participants)  # shown as any reader sees it
withheld = safety.withheld_actions(preview)
# Which parts and bottom lines each action answers: not frozen in the plan, but what the form
# check looks at. The draft lists the actions in the preview's order (A1, A2...).
draft = ui.attempt(lambda: private_time.get_plan_draft(actor, conf.id, uow=ui.uow()))
answers_of = {}
if draft is not None:
    texts_by_id = {p.id: p.text for p in conf.parts} | {-b.id: b.text for b in conf.bottom_lines}
    answers_of = {f"A{n}": [texts_by_id[i] for i in a.parts if i in texts_by_id]
                  + [texts_by_id[-i] for i in a.bottom_lines if -i in texts_by_id]
                  for n, a in enumerate(draft.actions, start=1)}

# --- the plan as it would be frozen ---------------------------------------------------------
st.header(_("The family's plan"), anchor=False)
st.caption(_("As it will be frozen when you adopt it. Only the family changes its content: to change it, send it "
             "back to the family."))
if withheld:
    st.warning(removed_owner_warning(withheld), icon=":material/shield:")
with st.container(border=True):
    if preview["central_question"]:
        st.markdown(f"### {ui.escape(preview['central_question'])}")
    if preview["bottom_lines"]:
        st.markdown(f"**{_('Bottom lines')}**")
        st.markdown("\n".join(f"- {ui.escape(text)}" for text in preview["bottom_lines"]))
    if not preview["actions"]:
        st.warning(_("The plan has no action yet."))
    for action in preview["actions"]:
        st.markdown(f"#### {ui.escape(action['key'])}. {ui.escape(action['what'])}")
        due = format_date(date.fromisoformat(action["due"]), ui.lang()) if action["due"] else ""
        if action.get(safety.WITHHELD):
            who = _("**Who:** {name}", name=ui.escape(_("person removed — to review with the coordination")))
        else:
            who = _("**Who:** {name}", name=ui.escape(action["who"])) if action["who"] else _("**Who:** —")
        lines = [
            who,
            _("**By when:** {date}", date=due) if due else _("**By when:** —"),
        ]
        if action["when"]:
            lines.append(_("**When:** {text}", text=ui.escape(action["when"])))
        if action["success_sign"]:
            lines.append(_("**How we will know it works:** {text}", text=ui.escape(action["success_sign"])))
        if action["support_needed"]:
            lines.append(_("**Support needed:** {text}", text=ui.escape(action["support_needed"])))
        st.markdown("  \n".join(lines))
        if answers_of.get(action["key"]):
            quoted = " · ".join(f"« {ui.escape(t)} »" for t in answers_of[action["key"]])
            st.caption(_("Answers: {items}", items=quoted))
    st.markdown(f"#### {_('If it does not work')}")
    st.markdown(ui.escape(preview["if_not_working"]) if preview["if_not_working"] else "—")
    st.markdown(f"#### {_('How the plan will be followed')}")
    st.markdown(ui.escape(preview["follow_arrangement"]) if preview["follow_arrangement"] else "—")

# --- form check -----------------------------------------------------------------------------
st.header(_("1. Check the form"), anchor=False)
st.caption(_("The form only: every part of the central question and every bottom line is answered by an action, "
             "every action says what, who and by when. The content is the family's."))
# Shown as soon as the screen opens (a read); the check is recorded with the adoption, or
# on demand with the button (kept in the history, e.g. before sending the plan back).
current = ui.attempt(lambda: validation.plan_form_findings(actor, conf.id, uow=ui.uow()))
if current is not None:
    show_findings(current)
if st.button(_("Check the form of the plan"), icon=":material/fact_check:", key="validation_check",
             type="tertiary"):
    findings = ui.attempt(lambda: validation.check_plan_form(actor, conf.id, uow=ui.uow()))
    if findings is not None:
        saved(_("Form checked."))

# --- ratification ---------------------------------------------------------------------------
st.header(_("2. The referent's decision"), anchor=False)
st.caption(_("The referent professional may ratify the content, on rights and safety only. A decision with "
             "reservations or a refusal needs a stated reason."))
with st.form("validation_ratification_form"):
    decision = st.radio(_("Decision"), list(RatificationDecision), format_func=ui.lbl, horizontal=True, index=None,
                        key="validation_decision")
    decided_by = st.text_input(_("Decided by"), value=conf.referent_name, max_chars=200, key="validation_decided_by")
    reason = st.text_area(_("Reason (required for reservations or a refusal)"), max_chars=3000, height=90,
                          key="validation_reason")
    record_col, adopt_col = st.columns(2)
    record = record_col.form_submit_button(_("Record the decision"), icon=":material/gavel:", key="validation_record")
    # The usual way: the referent ratifies and the plan is adopted at once.
    record_and_adopt = adopt_col.form_submit_button(_("Record the decision and adopt the plan"), type="primary",
                                                    icon=":material/verified:", key="validation_record_adopt")
if record_and_adopt:
    if decision is None:
        st.error(_("Choose the referent's decision."), icon=":material/error:")
    elif decision is RatificationDecision.REFUSED:
        st.error(_("A refused plan cannot be adopted: record the refusal, then send the plan back to the family."),
                 icon=":material/block:")
    elif ui.attempt(lambda: validation.record_ratification(
            actor, conf.id, decision, decided_by=decided_by, reason=reason, uow=ui.uow()) or True):
        try:
            validation.adopt_plan(actor, conf.id, uow=ui.uow())
        except e.PlanNotReady as refused:
            st.error(_("The decision is recorded, but the plan cannot be adopted yet:") + "\n\n" +
                     bullets(refused.findings), icon=":material/error:")
        except e.DomainError as error:
            st.error(ui.message(error), icon=":material/error:")
        else:
            st.switch_page(ui.PHASE_PAGES[Phase.FOLLOW_UP])
if record:
    if decision is None:
        st.error(_("Choose the referent's decision."), icon=":material/error:")
    elif ui.attempt(lambda: validation.record_ratification(
            actor, conf.id, decision, decided_by=decided_by, reason=reason, uow=ui.uow()) or True):
        for name in ("validation_decision", "validation_reason"):
            st.session_state.pop(name, None)  # an empty form for the next decision
        saved(_("Decision recorded."))

# --- what the documents print beyond the plan ---------------------------------------------
document_forms.show_flash()
document_forms.plan_details_form(actor, conf)

# --- adopt or send back ---------------------------------------------------------------------
st.header(_("3. Adopt the plan"), anchor=False)
latest = next((x for x in reversed(conf.ratifications) if x.content_hash == current_hash), None)
if latest is not None and latest.decision is RatificationDecision.REFUSED:
    st.error(_("The referent refused this plan. Send it back to the family so they can change it."),
             icon=":material/block:")
elif latest is None:
    st.caption(_("No decision of the referent is recorded for this version of the plan."))
adopt_col, back_col = st.columns(2)
if adopt_col.button(_("Adopt the plan"), type="primary", icon=":material/verified:", key="validation_adopt",
                    width="stretch"):
    try:
        validation.adopt_plan(actor, conf.id, uow=ui.uow())
    except e.PlanNotReady as refused:
        st.error(_("The plan cannot be adopted yet:") + "\n\n" + bullets(refused.findings), icon=":material/error:")
    except e.DomainError as error:
        st.error(ui.message(error), icon=":material/error:")
    else:
        st.switch_page(ui.PHASE_PAGES[Phase.FOLLOW_UP])
if back_col.button(_("Send the plan back to the family for changes"), icon=":material/undo:",
                   key="validation_send_back", width="stretch"):
    if ui.attempt(lambda: conferences.change_phase(actor, conf.id, Phase.PRIVATE_TIME, uow=ui.uow())) is not None:
        st.switch_page(ui.PHASE_PAGES[Phase.PRIVATE_TIME])

st.divider()
# --- history ------------------------------------------------------------------------------
st.header(_("History"), anchor=False)
checks_col, decisions_col = st.columns(2)
with checks_col:
    st.subheader(_("Form checks"), anchor=False)
    if not conf.form_checks:
        st.caption(_("No check yet."))
    for check in reversed(conf.form_checks):
        result = _("nothing missing") if check.findings == 0 else _("{count} missing", count=check.findings)
        outdated = "" if check.content_hash == current_hash else " · " + _("earlier version of the plan")
        st.markdown(f"{when(check.checked_at)} · {ui.escape(check.checked_by)} · {result}{outdated}")
with decisions_col:
    st.subheader(_("Referent's decisions"), anchor=False)
    if not conf.ratifications:
        st.caption(_("No decision yet."))
    for item in reversed(conf.ratifications):
        with st.container(border=True):
            st.markdown(f"**{ui.lbl(item.decision)}** · {when(item.decided_at)}")
            st.caption(_("Decided by {name}, recorded by {recorder}", name=ui.escape(item.decided_by),
                         recorder=ui.escape(item.recorded_by)))
            if item.reason:
                st.markdown(ui.escape(item.reason))
            if item.content_hash != current_hash:
                st.caption(_("About an earlier version of the plan."))
document_forms.refused_plans(conf)
