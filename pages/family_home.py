"""The family's own screen: our question, who is around us, our adopted plan.

``private_time.get_family_view`` gives the plan as the family may see it today
(``safety.sharing_view``): an owner flagged afterwards is "who_withheld", never named."""
from datetime import date

import streamlit as st

from conference import clock
from conference.domain.enums import Phase
from conference.i18n import format_date
from conference.services import private_time, questionnaires
from pages import ui

family = ui.require_actor()
_ = ui.t()
view = ui.attempt(lambda: private_time.get_family_view(family, family.conference_id, uow=ui.uow()))
if view is None:
    st.stop()

st.title(_("Our conference"))
st.subheader(_("Our question"))
if view.question:
    st.markdown(f"### « {ui.escape(view.question.text)} »")
else:
    st.info(_("The question is not written yet. We will write it together with the coordinator."))

if view.phase is Phase.PRIVATE_TIME:
    st.success(_("It is our private time: we write our plan together."), icon=":material/edit_note:")
    st.page_link("pages/family.py", label=_("Write our plan"), icon=":material/arrow_forward:")

if ui.attempt(lambda: questionnaires.answering_open(family, family.conference_id, uow=ui.uow())):
    # On a phone the menu is folded away: the questionnaire is offered where the family lands.
    with st.container(border=True):
        st.markdown(_("**Your opinion counts.** A few questions on how the conference went for you: "
                      "anonymous, two minutes."))
        st.page_link("pages/questionnaire.py", label=_("Give our opinion"), icon=":material/rate_review:")

st.subheader(_("The people around us"))
people = [p for p in view.people if not p.is_focal]
if people:
    for person in people:
        st.text(f"• {person.name} — {ui.lbl(person.relation)}")
else:
    st.caption(_("Nobody is on our list yet."))

if view.plan is not None:
    st.subheader(_("Our plan (adopted on {date})", date=format_date(clock.local_date(view.plan.adopted_at))))
    for action in view.plan.content["actions"]:
        with st.container(border=True):
            st.markdown(f"**{ui.escape(action['what'])}**")
            when = format_date(date.fromisoformat(action["due"])) if action["due"] else ""
            who = _("person removed — to review with the coordination") if action.get("who_withheld") else action["who"]
            st.text(_("Who: {who}", who=who) + (f" · {when}" if when else ""))
    if view.plan.content.get("if_not_working"):
        st.markdown(f"**{_('If it does not work')}** — {ui.escape(view.plan.content['if_not_working'])}")
    if view.review_date:
        st.info(_("We meet again on {date} to see how it went.", date=format_date(view.review_date)))

# After closure the family link keeps working, read-only, until it expires (services/family_links.py).
reviews = {r.action_key: r.status for r in (view.follow_up.reviews if view.follow_up else ()) if r.status}
if view.plan is not None and reviews:
    st.subheader(_("Our follow-up"))
    st.markdown("\n".join(f"- {ui.escape(a['what'])} — {ui.lbl(reviews[a.get('key')])}"
                          for a in view.plan.content["actions"] if a.get("key") in reviews))
if view.phase is Phase.CLOSED:
    st.info(_("The conference is closed.") + " " + _("Our plan and its follow-up stay readable here until this "
                                                        "link expires."), icon=":material/lock_clock:")
