"""Administrator: how long data is kept, the 30-day warning, and the purge (dry run first)."""
import streamlit as st

from conference.i18n import format_date
from conference.services import retention
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Retention"))
st.caption(_("Durations follow the CNIL's social-sector references by default. A closed conference is archived: "
             "every personal detail is erased, only the statistics stay."))

settings = ui.attempt(lambda: retention.get_retention(actor, uow=ui.uow()))
if settings is None:
    st.stop()
with st.form("retention_settings"):
    values = {name: st.number_input(_(retention.CATEGORY_LABELS[name]), min_value=retention.MIN_MONTHS,
                                    max_value=retention.MAX_MONTHS, value=getattr(settings, name), step=1,
                                    key=f"retention_{name}")
              for name in retention.CATEGORIES}
    if st.form_submit_button(_("Save the durations"), type="primary", icon=":material/save:"):
        ui.attempt(lambda: retention.set_retention(actor, values, settings.version, uow=ui.uow()),
                   success=_("Durations saved."))

st.subheader(_("In the next 30 days"), anchor=False)
upcoming = ui.attempt(lambda: retention.upcoming_archives(actor, uow=ui.uow())) or ()
if not upcoming:
    st.info(_("No conference reaches the end of its retention time in the next 30 days."))
for item in upcoming:
    # Numbers and dates only: the administrator does not read case content, titles included.
    st.warning(_("Conference {id} (closed on {closed}) will be archived on {date}.", id=item.id,
                 closed=format_date(item.closed_at), date=format_date(item.archive_on)), icon=":material/schedule:")

st.subheader(_("Purge"), anchor=False)
if st.button(_("Dry run: list what would go"), icon=":material/visibility:", key="retention_dry_run"):
    st.session_state["retention_plan"] = ui.attempt(lambda: retention.purge(actor, dry_run=True, uow=ui.uow()))
plan = st.session_state.get("retention_plan")
if plan is not None:
    if plan.is_empty:
        st.success(_("Nothing to archive or delete today."))
    else:
        st.markdown(_("The purge would archive {n} conference(s), delete {audit} audit entries older than {date} and "
                      "{links} dead family link(s).", n=len(plan.archive), audit=plan.audit_count,
                      date=format_date(plan.audit_cutoff), links=plan.family_link_count))
        for item in plan.archive:
            st.text(_("Conference {id}, closed on {date}", id=item.id, date=format_date(item.closed_at)))
        confirmed = st.checkbox(_("I have read this list; archive and delete exactly this."), key="retention_confirm")
        if st.button(_("Run the purge"), type="primary", disabled=not confirmed, icon=":material/auto_delete:",
                     key="retention_purge"):
            done = ui.attempt(lambda: retention.purge(actor, dry_run=False, expected=plan, uow=ui.uow()),
                              success=_("Purge done."))
            if done is not None:
                st.session_state.pop("retention_plan", None)
                st.rerun()
    for item in plan.stale:
        st.info(_("Conference {id} has had no activity since {date}; it is not closed, so it is never archived "
                  "automatically: ask its coordinator.", id=item.id, date=format_date(item.last_activity)))
