"""The referent professional: the conferences they refer, their concerns, the adopted plan,
and their ratification when the plan is being validated."""
import streamlit as st

from conference.domain.enums import Phase, RatificationDecision
from conference.i18n import format_datetime
from conference.services import referents, validation
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Conferences I refer"))
mine = ui.attempt(lambda: referents.my_conferences(actor, uow=ui.uow())) or []
if not mine:
    st.info(_("No conference is assigned to you yet. The coordinator adds you from the conference."))
    st.stop()
choice = st.selectbox(_("Conference"), mine, format_func=lambda item: f"{item[1]} — {ui.lbl(item[2])}",
                      key="referent_choice")
view = ui.attempt(lambda: referents.get_referent_view(actor, choice[0], uow=ui.uow()))
if view is None:
    st.stop()

st.subheader(_("Your concerns"))
st.text(view.concerns or _("(none written)"))
st.subheader(_("What must be in any plan"))
for line in view.bottom_lines:
    st.text(f"• {line.text}")

if view.phase is Phase.VALIDATION:
    st.subheader(_("The family's plan, to ratify"))
    preview = ui.attempt(lambda: validation.plan_preview(actor, view.conference_id, uow=ui.uow()))
    for action in (preview or {}).get("actions", []):
        who = _("person removed — to review with the coordination") if action.get("who_withheld") else action["who"]
        st.text(f"• {action['what']} — {who}")
    with st.form("referent_ratify_form"):
        decision = st.radio(_("Your decision"), list(RatificationDecision), format_func=ui.lbl, key="referent_decision")
        reason = st.text_area(_("Reason (needed for reservations or a refusal: rights or safety)"),
                              key="referent_reason")
        submitted = st.form_submit_button(_("Record my decision"), type="primary")
    if submitted:
        ui.attempt(lambda: validation.record_ratification(actor, view.conference_id, decision, decided_by=actor.name,
                                                          reason=reason, uow=ui.uow()),
                   success=_("Your decision is recorded."))
elif view.plan is not None:
    st.subheader(_("The adopted plan (version {n})", n=view.plan.number))
    for action in view.plan.content["actions"]:
        st.text(f"• {action['what']} — {action['who']}")

if view.ratifications:
    st.subheader(_("Ratifications"))
    for item in view.ratifications:
        st.text(f"{format_datetime(item.decided_at, ui.lang())} · {ui.lbl(item.decision)} · {item.decided_by}"
                + (f" — {item.reason}" if item.reason else ""))
