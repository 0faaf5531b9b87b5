"""Administrator: the audit log — who did what, when (codes and ids, never content)."""
from datetime import datetime, time, timedelta

import streamlit as st

from conference.i18n import format_datetime
from conference.services import audit
from pages import ui

PAGE_SIZE = 100

actor = ui.require_actor()
_ = ui.t()
st.session_state.setdefault("audit_page", 0)
st.title(_("Audit log"))
st.caption(_("Sign-ins, phase changes, reads of sensitive records and every export. Entries hold codes and "
             "numbers, never what was written."))

actions = ui.attempt(lambda: audit.audit_actions(actor, uow=ui.uow())) or []
with st.form("audit_filters"):
    left, middle, right = st.columns(3)
    prefix = left.selectbox(_("Action"), ["", *sorted({a.split(".")[0] + "." for a in actions}), *actions],
                            format_func=lambda a: a or _("all"), key="audit_action")
    since = middle.date_input(_("From"), value=None, format="DD/MM/YYYY", key="audit_since")
    until = right.date_input(_("To (included)"), value=None, format="DD/MM/YYYY", key="audit_until")
    if st.form_submit_button(_("Filter"), icon=":material/filter_alt:"):
        st.session_state["audit_page"] = 0

found = ui.attempt(lambda: audit.list_audit(
    actor, action_prefix=prefix or None,
    since=datetime.combine(since, time.min) if since else None,
    until=datetime.combine(until, time.min) + timedelta(days=1) if until else None,
    limit=PAGE_SIZE, offset=st.session_state["audit_page"] * PAGE_SIZE, uow=ui.uow()))
if found is not None:
    st.caption(_("{n} entries", n=found.total))
    rows = [{_("When"): format_datetime(e.at, ui.lang()),
             _("Who"): e.actor_name or (ui.lbl(e.actor_role) if not isinstance(e.actor_role, str) else e.actor_role),
             _("Action"): e.action,
             _("Record"): f"{e.target_type} {e.target_id if e.target_id is not None else ''}".strip(),
             _("Details"): ", ".join(f"{k}={v}" for k, v in sorted(e.details.items()))} for e in found.entries]
    st.dataframe(rows, hide_index=True, width="stretch")
    pages = max(1, -(-found.total // PAGE_SIZE))
    if pages > 1:
        previous, info, following = st.columns([1, 2, 1])
        if previous.button(_("Previous"), disabled=st.session_state["audit_page"] == 0, key="audit_prev"):
            st.session_state["audit_page"] -= 1
            st.rerun()
        info.caption(_("Page {page} of {pages}", page=st.session_state["audit_page"] + 1, pages=pages))
        if following.button(_("Next"), disabled=st.session_state["audit_page"] >= pages - 1, key="audit_next"):
            st.session_state["audit_page"] += 1
            st.rerun()
