"""Preparation: the central question, the referent's concerns and bottom lines, who is
in the network and who is invited, the experts, the practical tasks the network takes
on, and the meeting itself. One tab each; the tabs live in pages/preparation_*.py and
the form helpers they share in pages/forms.py.

Every form makes one service call; the service commits at once. Forms that edit a
record remember the version they were filled from, so that someone else's save in
between is refused instead of overwritten (the typed values stay on screen). A person
flagged "not safe" is marked everywhere, can never be invited and never owns a task
(conference/domain/safety.py).
"""
from __future__ import annotations

import streamlit as st

from conference.domain.enums import Phase
from conference.domain.rules import missing_for
from pages import ui
from pages.forms import Forms
from pages.preparation_meeting import logistics_tab, meeting_tab
from pages.preparation_people import experts_tab, people_tab
from pages.preparation_question import concerns_tab, question_tab

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.PREPARATION)

forms = Forms("prep", conf.id, editable=conf.phase is not Phase.CLOSED)
forms.show_flash()

if conf.phase is Phase.ORIENTATION:
    st.caption(_("Preparation starts once the orientation is complete: the family has agreed and neutrality is "
                 "ensured."))
    st.stop()

TABS = ((":material/help: " + _("Central question"), question_tab),
        (":material/report: " + _("Concerns and bottom lines"), concerns_tab),
        (":material/group: " + _("Participants"), people_tab),
        (":material/school: " + _("Experts"), experts_tab),
        (":material/local_shipping: " + _("Practical tasks"), logistics_tab),
        (":material/event: " + _("Meeting"), meeting_tab))
for tab, (_title, draw) in zip(st.tabs([title for title, _draw in TABS], key="prep_tabs"), TABS):
    with tab:
        draw(actor, conf, forms)

if conf.phase is Phase.PREPARATION:
    st.divider()
    st.header(_("Next: the meeting"), anchor=False)
    missing = missing_for(conf, Phase.INFORMATION_SHARING)
    if missing:
        st.markdown(_("Still to do before the meeting (from what is saved):") + "\n" +
                    "\n".join(f"- {_(ui.MISSING_LABELS.get(code, code))}" for code in missing))
    else:
        st.success(_("Everything is ready for the meeting."), icon=":material/check_circle:")
    ui.next_step(actor, conf, Phase.INFORMATION_SHARING, _("Start the meeting"), key="prep_next")
