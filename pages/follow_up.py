"""Step 6: the adopted plan, the follow-up the family chose, and the closure.

The closure box works whatever the step: a conference that stops early (the family
declined, or organised the meeting itself without a coordinator) is closed here too.
A closed conference shows how it ended, read-only.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

import streamlit as st

from conference import clock
from conference.domain import safety
from conference.domain.enums import ActionFollowUp, ClosureReason, Outcome, Phase, Resolution
from conference.domain.model import AdoptedPlan, Conference
from conference.domain.rules import default_review_date
from conference.i18n import format_date
from conference.services import conferences, documents, followup
from conference.store.uow import UnitOfWork
from pages import document_forms, ui

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
key = f"follow_up_{conf.id}"  # widget keys carry the conference: switching never mixes two families

flash = st.session_state.pop("follow_up_flash", None)
if flash:
    st.toast(flash, icon=":material/check:")


def saved(result, message: str) -> None:
    """After a successful write, reload the page so every section shows the new version."""
    if result is not None:
        st.session_state["follow_up_flash"] = message
        st.rerun()


def deferred(export, **options) -> Callable[[], bytes]:
    """The document's bytes, built only when the button is clicked (and audited then).

    Streamlit runs the callable on another thread after this run: it gets its own unit of
    work and everything it needs now, never the session state.
    """
    factory, lang, who, ident = ui.uow().factory, ui.lang(), actor, conf.id
    return lambda: export(who, ident, lang=lang, uow=UnitOfWork(factory), **options)[1]


def file_name(naming: Callable[[str, int], str], plan: AdoptedPlan) -> str:
    # Same name as the service gives (documents.export_*): known before the bytes exist.
    return naming(conf.title, plan.number)


def action_line(action: dict) -> str:
    """« A1 · what », the person and the date, escaped (the family's own words)."""
    if action.get(safety.WITHHELD):
        who = _("person removed — to review with the coordination")
    else:
        who = action.get("who") or _("nobody named")
    due = date.fromisoformat(action["due"]) if action.get("due") else None
    when = format_date(due) if due else (action.get("when") or _("no date"))
    return f"**{ui.escape(action['key'])} · {ui.escape(action['what'])}**  \n" + _(
        "Who: {who} · By: {when}", who=ui.escape(who), when=ui.escape(when))


# ---------------------------------------------------------------------------- sections

def plan_section(plan: AdoptedPlan) -> None:
    st.subheader(_("The adopted plan"), anchor=False)
    st.markdown(_("Version {number}, adopted on {date} by {name}.", number=plan.number,
                  date=format_date(clock.local_date(plan.adopted_at)), name=ui.escape(plan.adopted_by)))
    if plan.content.get("central_question"):
        st.markdown(_("Central question: « {question} »", question=ui.escape(plan.content["central_question"])))
    st.caption(_("Fingerprint {short}: this code changes if a single word of the plan changes, so everyone can "
                 "check they hold the adopted version.", short=plan.content_hash[:12]))
    document_forms.refused_plans(conf)
    withheld = safety.withheld_actions(plan.content)
    if withheld:
        st.warning(_("The owner of action(s) {keys} may no longer appear in the plan (flagged \"not safe\" or \"not "
                     "to be invited\"): every document and the family's screen show \"person removed — to review "
                     "with the coordination\". Choose someone else with the family.", keys=", ".join(withheld)),
                   icon=":material/shield:")
    st.download_button(_("Download the action plan (.docx)"), data=deferred(documents.export_action_plan),
                       file_name=file_name(documents.action_plan_file_name, plan), mime=DOCX, on_click="ignore",
                       icon=":material/download:", key=f"{key}_plan_docx")


def choice_section(plan: AdoptedPlan) -> None:
    fu = conf.follow_up
    suggested = default_review_date(clock.local_date(plan.adopted_at))
    st.subheader(_("Does the family want a follow-up?"), anchor=False)
    if fu.chosen:
        st.success(_("Yes: the review meeting is planned on {date}.", date=format_date(fu.review_date)),
                   icon=":material/event:")
    elif fu.chosen is False:
        st.info(_("The family does not want a follow-up. You can close the conference at the bottom of the page."),
                icon=":material/info:")
    with st.form(f"{key}_choice_form", border=True):
        choice = st.radio(_("The family's choice"), (True, False), horizontal=True, key=f"{key}_choice",
                          index=None if fu.chosen is None else (0 if fu.chosen else 1),
                          format_func=lambda yes: _("Yes, a follow-up") if yes else _("No follow-up"))
        review = st.date_input(_("Date of the review meeting"), value=fu.review_date or suggested,
                               format="DD/MM/YYYY", key=f"{key}_review_date",
                               help=_("Three months after the adoption by default ({date}). Only used if the "
                                      "family wants a follow-up.", date=format_date(suggested)))
        submitted = st.form_submit_button(_("Save the family's choice"), type="primary", key=f"{key}_choice_save")
    if submitted:
        if choice is None:
            st.warning(_("Choose « Yes » or « No » first."), icon=":material/warning:")
            return
        saved(ui.attempt(lambda: followup.choose_follow_up(actor, conf.id, choice, conf.version,
                                                           review_date=review if choice else None, uow=ui.uow())),
              _("The family's choice is saved."))


def review_section(plan: AdoptedPlan) -> None:
    fu = conf.follow_up
    st.subheader(_("Three-month follow-up"), anchor=False)
    blank_col, filled_col = st.columns(2)
    blank_col.download_button(_("Three-month follow-up form (.docx)"),
                              data=deferred(documents.export_followup_form, filled=False),
                              file_name=documents.followup_form_file_name(conf.title, plan.number), mime=DOCX,
                              on_click="ignore", icon=":material/download:", key=f"{key}_followup_docx",
                              help=_("Blank, to print and fill in on paper with the family; then copy the answers here. "
                                     "Every box is empty, even if answers are already recorded."))
    if documents.followup_recorded(conf):
        filled_col.download_button(_("Follow-up form filled with the recorded answers (.docx)"),
                                   data=deferred(documents.export_followup_form, filled=True),
                                   file_name=documents.followup_form_file_name(conf.title, plan.number, filled=True),
                                   mime=DOCX, on_click="ignore", icon=":material/download:",
                                   key=f"{key}_followup_filled_docx")
    if not fu.chosen:
        st.caption(_("The follow-up form below opens once the family has chosen a follow-up."))
        return
    st.markdown(_("For each action of the plan: how did it go, and why?"))
    reviews = {r.action_key: r for r in fu.reviews}
    statuses = list(ActionFollowUp)
    answers: dict[str, tuple] = {}
    # One form for every action: nothing typed is lost, one save writes them all at once.
    with st.form(f"{key}_reviews_form", border=False):
        for action in plan.content["actions"]:
            done = reviews.get(action["key"])
            with st.container(border=True):
                st.markdown(action_line(action))
                left, right = st.columns([2, 3])
                status = left.radio(_("How did it go?"), statuses, format_func=ui.lbl, horizontal=True,
                                    index=statuses.index(done.status) if done and done.status else None,
                                    key=f"{key}_status_{action['key']}")
                why = right.text_area(_("Why? What happened?"), value=done.why if done else "", max_chars=3000,
                                      height=68, key=f"{key}_why_{action['key']}")
                answers[action["key"]] = (status, why)
        submitted = st.form_submit_button(_("Save the follow-up of the actions"), type="primary",
                                          key=f"{key}_reviews_save")
    if submitted:
        saved(ui.attempt(lambda: followup.record_action_reviews(actor, conf.id, answers,
                                                                expected_version=conf.version, uow=ui.uow()) or True),
              _("The follow-up of the actions is saved."))

    st.markdown(_("**And overall?**"))
    resolutions = list(Resolution)
    with st.form(f"{key}_result_form", border=True):
        resolution = st.radio(_("Is the starting situation resolved?"), resolutions, format_func=ui.lbl,
                              horizontal=True, key=f"{key}_resolution",
                              index=resolutions.index(fu.resolution) if fu.resolution else None)
        what_changed = st.text_area(_("What changed for the family?"), value=fu.what_changed, max_chars=5000,
                                    key=f"{key}_what_changed",
                                    help=_("In the family's words: what is better, what is still hard, who "
                                           "joined or left the network."))
        submitted = st.form_submit_button(_("Save the result"), type="primary", key=f"{key}_result_save")
    if submitted:
        saved(ui.attempt(lambda: followup.record_follow_up_result(actor, conf.id, resolution, what_changed,
                                                                  conf.version, uow=ui.uow())),
              _("The result of the follow-up is saved."))


def closed_section() -> None:
    """How the conference ended: nothing here can be changed."""
    closure = conf.closure
    st.success(_("Conference closed on {date}. Outcome: {outcome}.", date=format_date(closure.closed_at),
                 outcome=ui.lbl(closure.outcome).lower()), icon=":material/flag:")
    if closure.reason:
        st.markdown(_("Reason: {reason}", reason=ui.lbl(closure.reason)))
    if closure.reason_text:
        st.markdown(_("In the coordinator's words: « {text} »", text=ui.escape(closure.reason_text)))
    if conf.current_plan is None:
        st.caption(_("A closed conference can no longer be changed."))
    else:
        st.caption(_("A closed conference can no longer be changed. Its documents can still be downloaded."))


def recorded_follow_up(plan: AdoptedPlan) -> None:
    """The follow-up as it was recorded, read-only (closed conferences)."""
    fu = conf.follow_up
    st.subheader(_("Follow-up"), anchor=False)
    if not fu.chosen:
        st.markdown(_("The family did not want a follow-up."))
        return
    st.markdown(_("Review meeting: {date}", date=format_date(fu.review_date)))
    reviews = {r.action_key: r for r in fu.reviews}
    for action in plan.content["actions"]:
        done = reviews.get(action["key"])
        status = ui.lbl(done.status) if done and done.status else _("not recorded")
        line = f"{ui.escape(action['key'])} · {ui.escape(action['what'])} — **{status}**"
        if done and done.why:
            line += f"  \n{ui.escape(done.why)}"
        st.markdown(line)
    if fu.resolution:
        st.markdown(_("Starting situation: **{resolution}**", resolution=ui.lbl(fu.resolution)))
    if fu.what_changed:
        st.markdown(_("What changed: « {text} »", text=ui.escape(fu.what_changed)))


def closure_section(conf: Conference) -> None:
    early = conf.phase is not Phase.FOLLOW_UP
    # A plan adopted and no follow-up wanted: the conference ends there, with its plan.
    no_follow_up = conf.phase is Phase.FOLLOW_UP and conf.current_plan is not None and conf.follow_up.chosen is False
    with st.expander(_("Close the conference"), icon=":material/flag:", expanded=early or no_follow_up):
        outcomes = [o for o in Outcome if o is not Outcome.PLAN_ADOPTED or conf.current_plan]
        if no_follow_up and st.session_state.get(f"{key}_close_outcome") is None:
            st.session_state[f"{key}_close_outcome"] = Outcome.PLAN_ADOPTED
        outcome = st.radio(_("How does the conference end?"), outcomes, format_func=ui.lbl, index=None,
                           key=f"{key}_close_outcome")
        if outcome is None:
            st.caption(_("Choose how it ends: the next questions depend on it."))
            return
        reason, reason_text = None, ""
        with st.form(f"{key}_close_form", border=False):
            if outcome is Outcome.NOT_COMPLETED:
                reason = st.selectbox(_("Why was it not completed?"), list(ClosureReason), format_func=ui.lbl,
                                      index=None, placeholder=_("Choose a reason"), key=f"{key}_close_reason")
                reason_text = st.text_area(_("In your words (required for « Other reason »)"), max_chars=2000,
                                           height=80, key=f"{key}_close_reason_text")
            confirmed = st.checkbox(_("I confirm: the conference ends here. Nothing can be changed afterwards."),
                                    key=f"{key}_close_confirm")
            submitted = st.form_submit_button(_("Close the conference"), type="primary", icon=":material/flag:",
                                              key=f"{key}_close_save")
        if submitted:
            if not confirmed:
                st.warning(_("Tick the confirmation box to close the conference."), icon=":material/warning:")
                return
            saved(ui.attempt(lambda: conferences.close_conference(actor, conf.id, outcome, reason=reason,
                                                                  reason_text=reason_text,
                                                                  expected_version=conf.version, uow=ui.uow()) or True),
                  _("The conference is closed."))


# ---------------------------------------------------------------------------- page

ui.header(conf, Phase.FOLLOW_UP)
# The plan as every reader sees it today: an owner flagged "not safe" since is withheld.
plan = safety.redact_plan(conf.current_plan, conf.participants) if conf.current_plan else None

if conf.phase is Phase.CLOSED:
    closed_section()
    if plan is not None:
        plan_section(plan)
        recorded_follow_up(plan)
elif conf.phase is Phase.FOLLOW_UP and plan is not None:
    plan_section(plan)
    st.divider()
    choice_section(plan)
    st.divider()
    review_section(plan)
    st.divider()
    closure_section(conf)
else:
    st.caption(_("The follow-up starts once the family's plan is adopted. Until then, this page only lets you "
                 "close the conference early: the family declined, the network could not be mobilised, or the "
                 "family organised the meeting itself without a coordinator."))
    closure_section(conf)
